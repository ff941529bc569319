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
        // The runtime loader with its boot manifest, which names the fingerprinted files.
        File.WriteAllText(Path.Combine(Root, "_framework", "dotnet.js"), "var boot=/*json-start*/" + BootManifest + "/*json-end*/;");
        Directory.CreateDirectory(Path.Combine(Root, "_framework", "zh-Hans"));
        File.WriteAllBytes(Path.Combine(Root, "_framework", "zh-Hans", SatelliteFile), [0, 97, 115, 109]);
        File.WriteAllBytes(Path.Combine(Root, "_framework", "zh-Hans", SatelliteFile + ".br"), Brotli("asm"));
    }

    /// <summary>MudBlazor's zh-Hans texts, as the package names its satellite assembly.</summary>
    public const string SatelliteFile = "MudBlazor.Translations.resources.q1w2e3r4t5.wasm";

    private const string BootManifest = $$$"""
        {"mainAssemblyName":"Elsa.Studio.Host.CustomElements","resources":{
          "assembly":[{"virtualPath":"Elsa.Studio.wasm","name":"Elsa.Studio.abc123.wasm"}],
          "icu":[{"virtualPath":"icudt.dat","name":"icudt.xyz.dat"}],
          "satelliteResources":{"zh-Hans":[{"virtualPath":"MudBlazor.Translations.resources.wasm","name":"{{{SatelliteFile}}}"}]},
          "libraryInitializers":[{"name":"_content/Some.Library/Some.Library.lib.module.js"}]}}
        """;

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
