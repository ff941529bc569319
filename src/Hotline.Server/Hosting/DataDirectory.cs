namespace Hotline.Server.Hosting;

/// <summary>
/// Where the embedded SQLite database and the mail pickup folder live when configuration names none:
/// <c>data/</c> under the server's content root, created on first use.
/// </summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Hotline:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "data")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(path);
        return path;
    }
}
