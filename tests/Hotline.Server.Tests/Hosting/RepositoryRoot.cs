namespace Hotline.Server.Tests.Hosting;

/// <summary>The checkout the tests run from: the folder of <c>Hotline.Elsa.sln</c> above the test output.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Hotline.Elsa.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root (Hotline.Elsa.sln) was not found above the test output.");
    }
}
