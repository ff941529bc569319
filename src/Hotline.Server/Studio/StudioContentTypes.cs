using Microsoft.AspNetCore.StaticFiles;

namespace Hotline.Server.Studio;

/// <summary>MIME types for the Blazor WebAssembly files Studio loads (runtime, ICU data, webcil assemblies).</summary>
internal static class StudioContentTypes
{
    private const string Binary = "application/octet-stream";
    private const string JavaScript = "text/javascript";

    private static readonly Dictionary<string, string> Additions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".wasm"] = "application/wasm", [".js"] = JavaScript, [".mjs"] = JavaScript,
        [".dll"] = Binary, [".pdb"] = Binary, [".dat"] = Binary, [".blat"] = Binary,
        [".map"] = "application/json", [".cur"] = "image/x-icon", [".scss"] = "text/plain",
        [".webmanifest"] = "application/manifest+json",
        // Precompressed siblings requested directly keep their own type; PrecompressedStudioFiles handles negotiation.
        [".br"] = "application/x-brotli", [".gz"] = "application/gzip",
    };

    public static FileExtensionContentTypeProvider Create()
    {
        var provider = new FileExtensionContentTypeProvider();
        foreach (var (extension, type) in Additions)
        {
            provider.Mappings[extension] = type;
        }

        return provider;
    }
}
