namespace Hotline.Workflows.Persistence;

/// <summary>Builds escaped, lower-cased LIKE patterns, so searches are case-insensitive on SQLite and PostgreSQL alike.</summary>
internal static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string term) =>
        "%" + term.Trim().ToLowerInvariant().Replace(Escape, Escape + Escape).Replace("%", Escape + "%").Replace("_", Escape + "_") + "%";
}
