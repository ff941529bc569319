namespace Hotline.Workflows.Tests.Support;

/// <summary>The Studio contract's fixture (a copy of ../shared/elsa/sample-definition.json).</summary>
internal static class Samples
{
    public static string Definition { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Serialization", "Data", "sample-definition.json"));
}
