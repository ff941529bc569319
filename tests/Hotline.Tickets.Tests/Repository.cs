namespace Hotline.Tickets.Tests;

/// <summary>The checkout these tests run in, found by walking up from the test output folder to Hotline.Elsa.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Hotline.Elsa.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("The repository root (Hotline.Elsa.sln) is not above the test output folder.");
    }
}
