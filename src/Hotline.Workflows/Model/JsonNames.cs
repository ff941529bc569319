namespace Hotline.Workflows.Model;

/// <summary>Elsa stores an input named <c>UnitCode</c> under the key <c>unitCode</c>.</summary>
public static class JsonNames
{
    public static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
