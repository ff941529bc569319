namespace Hotline.Workflows.Tests.Support;

/// <summary>The Studio contract's sample definition (docs/studio.md), kept in Serialization/Data as a fixture.</summary>
internal static class Samples
{
    public static string Definition { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Serialization", "Data", "sample-definition.json"));
}
