namespace Hotline.Server.Studio;

/// <summary>
/// Where the Elsa Studio (流程设计器) package files are read from. Bound from configuration section <c>Studio</c>.
/// </summary>
public sealed class StudioOptions
{
    public const string SectionName = "Studio";

    /// <summary>
    /// Folder holding the unpacked <c>@elsa-workflows/elsa-studio-wasm</c> package (the one with <c>_framework/</c>).
    /// Relative paths are resolved against the content root. When empty, the published <c>studio-package/</c>
    /// folder and then the build's <c>StudioPackage/node_modules/…</c> folder are tried.
    /// </summary>
    public string? PackagePath { get; set; }
}
