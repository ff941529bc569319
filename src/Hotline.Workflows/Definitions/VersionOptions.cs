using System.Globalization;

namespace Hotline.Workflows.Definitions;

/// <summary>Which versions of a definition a lookup means, as Elsa's <c>versionOptions</c> (版本选项) spells it.</summary>
public enum VersionSelection
{
    Latest,
    Published,
    LatestOrPublished,
    LatestAndPublished,
    Draft,
    AllVersions,
    SpecificVersion,
}

/// <summary>
/// A parsed <c>versionOptions</c> value: <c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c>,
/// <c>LatestAndPublished</c>, <c>Draft</c>, <c>AllVersions</c> or a version number. An empty value means
/// no filter, i.e. <see cref="AllVersions"/>.
/// </summary>
public readonly record struct VersionOptions(VersionSelection Selection, int Version = 0)
{
    public static VersionOptions Latest => new(VersionSelection.Latest);
    public static VersionOptions Published => new(VersionSelection.Published);
    public static VersionOptions LatestOrPublished => new(VersionSelection.LatestOrPublished);
    public static VersionOptions LatestAndPublished => new(VersionSelection.LatestAndPublished);
    public static VersionOptions Draft => new(VersionSelection.Draft);
    public static VersionOptions AllVersions => new(VersionSelection.AllVersions);

    public static VersionOptions SpecificVersion(int version) =>
        version >= 1 ? new(VersionSelection.SpecificVersion, version) : throw new ArgumentOutOfRangeException(nameof(version), version, "Versions start at 1.");

    public static bool TryParse(string? text, out VersionOptions options)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            options = AllVersions;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            options = SpecificVersion(number);
            return true;
        }

        if (Enum.TryParse<VersionSelection>(text.Trim(), ignoreCase: true, out var selection) && selection != VersionSelection.SpecificVersion)
        {
            options = new(selection);
            return true;
        }

        options = default;
        return false;
    }

    public static VersionOptions Parse(string? text) =>
        TryParse(text, out var options)
            ? options
            : throw new FormatException($"'{text}' is not a version option: use Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number.");

    public override string ToString() =>
        Selection == VersionSelection.SpecificVersion ? Version.ToString(CultureInfo.InvariantCulture) : Selection.ToString();
}
