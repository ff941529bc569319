using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Hotline.Server.Studio;

/// <summary>
/// The package files whose names carry a hash of their content (<c>_framework/MudBlazor.fk4q4b3gx5.wasm</c>): the
/// runtime, the assemblies, the satellite assemblies and the ICU data, as the boot manifest in
/// <c>_framework/dotnet.js</c> lists them. A new package version names them anew, so a browser may keep them for a
/// year without asking again. The loader scripts, styles and <c>_content/</c> files keep their names and revalidate.
/// </summary>
public sealed partial class StudioFingerprints
{
    /// <summary>The manifest's resource groups whose entries are fingerprinted file names under <c>_framework/</c>.</summary>
    private static readonly string[] Groups = ["jsModuleNative", "jsModuleRuntime", "wasmNative", "icu", "coreAssembly", "assembly"];

    private readonly HashSet<string> paths;

    private StudioFingerprints(HashSet<string> paths) => this.paths = paths;

    public static StudioFingerprints None { get; } = new([]);

    /// <summary>How many files the manifest names as fingerprinted.</summary>
    public int Count => paths.Count;

    /// <summary>True for a package path (<c>/_framework/…</c>, as requested under <c>/studio</c>) the manifest fingerprints.</summary>
    public bool Contains(string path) => paths.Contains(path);

    /// <summary>Reads the manifest; none when the package has no readable one (everything then revalidates).</summary>
    public static StudioFingerprints Read(IFileProvider files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loader = files.GetFileInfo("_framework/dotnet.js");
        if (!loader.Exists)
        {
            return None;
        }

        using var reader = new StreamReader(loader.CreateReadStream());
        if (Manifest().Match(reader.ReadToEnd()) is not { Success: true } match)
        {
            return None;
        }

        try
        {
            var resources = JsonNode.Parse(match.Groups[1].Value)?["resources"];
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in Groups)
            {
                AddNames(found, resources?[group], "/_framework/");
            }

            if (resources?["satelliteResources"] is JsonObject cultures)
            {
                foreach (var (culture, entries) in cultures)
                {
                    AddNames(found, entries, $"/_framework/{culture}/");
                }
            }

            return new(found);
        }
        catch (JsonException)
        {
            return None;
        }
    }

    private static void AddNames(HashSet<string> found, JsonNode? entries, string folder)
    {
        foreach (var entry in (entries as JsonArray ?? []).OfType<JsonObject>())
        {
            if (entry["name"]?.GetValue<string>() is { Length: > 0 } name && !name.Contains('/', StringComparison.Ordinal))
            {
                found.Add(folder + name);
            }
        }
    }

    [GeneratedRegex(@"/\*json-start\*/(.*?)/\*json-end\*/", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Manifest();
}
