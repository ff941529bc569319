using System.IO.Compression;
using System.Text;

namespace Hotline.Server.Tests.Studio;

/// <summary>A throwaway folder shaped like the npm package, so hosting is tested without npm.</summary>
public sealed class FakeStudioPackage : IDisposable
{
    public const string LoaderScript = "/* blazor loader */ console.log('boot');";

    public FakeStudioPackage()
    {
        Root = Path.Combine(Path.GetTempPath(), "hotline-studio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "_framework"));
        File.WriteAllText(Path.Combine(Root, "_framework", "blazor.webassembly.js"), LoaderScript);
        File.WriteAllBytes(Path.Combine(Root, "_framework", "Elsa.Studio.abc123.wasm"), [0, 97, 115, 109, 1, 0, 0, 0]);
        File.WriteAllBytes(Path.Combine(Root, "_framework", "icudt.xyz.dat"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(Root, "_framework", "blazor.webassembly.js.br"), Brotli(LoaderScript));
    }

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static byte[] Brotli(string text)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest))
        {
            brotli.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
