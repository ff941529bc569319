using System.Text.Json;
using System.Xml.Linq;
using Hotline.Server.Tests.Hosting;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// The packages the product runs on: none with the advisory that was found (System.Drawing.Common 4.7.0 under
/// ClosedXML 0.95.4, GHSA-rxg9-xrhp-64gj), the NuGet audit on for the whole graph, and no version declared that no
/// project uses. The audit needs advisory data from the package source; these checks hold wherever the tests run.
/// </summary>
public sealed class DependencyTests
{
    private static readonly string[] Banned = ["System.Drawing.Common", "ClosedXML"];

    [Fact]
    public void The_running_product_carries_neither_ClosedXML_nor_System_Drawing_Common()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Hotline.Server.Tests.deps.json")));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Contains("DocumentFormat.OpenXml", libraries);
        Assert.DoesNotContain(libraries, l => Banned.Contains(l, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_nuget_audit_covers_every_package_and_fails_on_high_and_critical_advisories()
    {
        var properties = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants().ToLookup(e => e.Name.LocalName, e => e.Value);

        Assert.Equal("true", properties["NuGetAudit"].Single());
        Assert.Equal("all", properties["NuGetAuditMode"].Single());
        Assert.Equal("high", properties["NuGetAuditLevel"].Single());
        Assert.Contains("NU1903", properties["WarningsAsErrors"].Single(), StringComparison.Ordinal);
        Assert.Contains("NU1904", properties["WarningsAsErrors"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_declared_package_version_is_referenced_by_a_project()
    {
        var declared = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Select(e => (string)e.Attribute("Include")!).ToList();
        var referenced = Directory.EnumerateFiles(Root, "*.*proj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Root, "Directory.Build.*", SearchOption.TopDirectoryOnly))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => XDocument.Load(f).Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update")))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.DoesNotContain(declared, d => !referenced.Contains(d));
    }

    private static string Root => RepositoryRoot.Path;
}
