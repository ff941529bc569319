using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Studio;

/// <summary>
/// The Elsa Studio package on disk, or the reason it is not there. Resolved once at start-up; the build restores the
/// package with npm, and a machine without Node or registry access still runs the server without Studio.
/// </summary>
public sealed class StudioPackageFiles
{
    internal const string PublishedFolder = "studio-package";
    internal const string BuildFolder = "StudioPackage/node_modules/@elsa-workflows/elsa-studio-wasm";
    private const string Marker = "_framework/blazor.webassembly.js";

    public StudioPackageFiles(IOptions<StudioOptions> options, IWebHostEnvironment environment)
    {
        var candidates = string.IsNullOrWhiteSpace(options.Value.PackagePath)
            ? new[] { PublishedFolder, BuildFolder }
            : new[] { options.Value.PackagePath };

        SearchedPaths = candidates.Select(c => Path.GetFullPath(c, environment.ContentRootPath)).ToArray();
        Root = SearchedPaths.FirstOrDefault(p => File.Exists(Path.Combine(p, Marker)));
        FileProvider = Root is null ? new NullFileProvider() : new PhysicalFileProvider(Root);
        Fingerprints = StudioFingerprints.Read(FileProvider);
    }

    /// <summary>The package folder, or null when none of <see cref="SearchedPaths"/> holds the package.</summary>
    public string? Root { get; }

    public bool IsAvailable => Root is not null;

    public IReadOnlyList<string> SearchedPaths { get; }

    public IFileProvider FileProvider { get; }

    /// <summary>The files a browser may cache for good (their names change with their content).</summary>
    public StudioFingerprints Fingerprints { get; }
}
