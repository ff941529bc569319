using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Hotline.Server.Studio;

/// <summary>
/// Serves the package's precompressed siblings (<c>X.br</c>, <c>X.gz</c>) in place of <c>X</c> when the browser
/// accepts them: about 30 MB of WebAssembly shrinks to a fraction. The static-file middleware then sends the sibling,
/// and <see cref="ApplyEncoding"/> restores the original content type and adds <c>Content-Encoding</c>.
/// </summary>
internal sealed class PrecompressedStudioFiles(RequestDelegate next, StudioPackageFiles package)
{
    private const string OriginalPathKey = "Hotline.Studio.OriginalPath";
    private static readonly FileExtensionContentTypeProvider ContentTypes = StudioContentTypes.Create();
    private static readonly (string Encoding, string Suffix)[] Encodings = [("br", ".br"), ("gzip", ".gz")];

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (HttpMethods.IsGet(context.Request.Method) && context.GetEndpoint() is null
            && path.StartsWithSegments("/studio", out var relative) && relative.HasValue
            && ContentTypes.TryGetContentType(relative.Value, out _))
        {
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
            var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
            foreach (var (encoding, suffix) in Encodings)
            {
                if (!accepted.Any(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0)
                    || !package.FileProvider.GetFileInfo(relative.Value + suffix).Exists)
                {
                    continue;
                }

                context.Items[OriginalPathKey] = relative.Value;
                context.Request.Path = path + suffix;
                context.Response.Headers.ContentEncoding = encoding;
                break;
            }
        }

        return next(context);
    }

    /// <summary>A year: what a fingerprinted file may be kept without asking (its name changes with its content).</summary>
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    public static void ApplyEncoding(StaticFileResponseContext file, StudioFingerprints fingerprints)
    {
        var response = file.Context.Response;
        var original = file.Context.Items[OriginalPathKey] as string;
        if (original is not null && ContentTypes.TryGetContentType(original, out var type))
        {
            response.ContentType = type;
        }

        // The loader scripts, styles and _content files keep their names across versions: those revalidate.
        var path = original ?? (file.Context.Request.Path.StartsWithSegments("/studio", out var relative) ? relative.Value : null);
        response.Headers.CacheControl = path is not null && fingerprints.Contains(path) ? ImmutableCacheControl : "no-cache";
    }
}
