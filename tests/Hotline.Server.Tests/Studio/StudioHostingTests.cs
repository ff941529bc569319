using System.Net;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Studio;

public sealed class StudioHostingTests(HotlineHost host) : IClassFixture<HotlineHost>, IDisposable
{
    private readonly FakeStudioPackage package = new();

    /// <summary>An auditor of a demo county, on a host that serves Studio from <paramref name="packagePath"/> (else the fake package).</summary>
    private Task<HttpClient> Client(string? packagePath, params DelegatingHandler[] handlers) =>
        HotlineHost.SignInAsync(Anonymous(packagePath, handlers), "hl", HotlineRole.Auditor);

    private HttpClient Anonymous(string? packagePath, params DelegatingHandler[] handlers) =>
        host.WithWebHostBuilder(b => b.UseSetting("Studio:PackagePath", packagePath ?? package.Root)).CreateDefaultClient(handlers);

    [Fact]
    public async Task A_caller_who_is_not_signed_in_gets_the_sign_in_form_instead_of_studio()
    {
        using var client = Anonymous(null);
        var response = await client.GetAsync(new Uri("/studio/workflows/definitions", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("/api/auth/login", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-tag=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editor_page_places_the_editor_element_with_an_absolute_api_base_and_the_definition_id()
    {
        using var client = await Client(null);
        var response = await client.GetAsync(new Uri("/studio/workflows/definitions/ticket-lifecycle/edit", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<base href=\"/studio/\"/>", html, StringComparison.Ordinal);
        Assert.Contains("data-tag=\"elsa-workflow-definition-editor\"", html, StringComparison.Ordinal);
        Assert.Contains("data-id=\"ticket-lifecycle\"", html, StringComparison.Ordinal);
        Assert.Contains("data-remote-endpoint=\"http://localhost/elsa/api\"", html, StringComparison.Ordinal);
        Assert.Contains("_framework/blazor.webassembly.js", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/studio/workflows/definitions", "elsa-workflow-definition-list")]
    [InlineData("/studio/workflows/instances", "elsa-workflow-instance-list")]
    [InlineData("/studio/workflows/instances/inst-1/view", "elsa-workflow-instance-viewer")]
    public async Task Each_screen_has_its_own_element(string path, string tag)
    {
        using var client = await Client(null);
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains($"data-tag=\"{tag}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_are_html_encoded_into_the_page()
    {
        using var client = await Client(null);
        var html = await client.GetStringAsync(new Uri("/studio/workflows/instances/%22%3E%3Cscript%3E/view", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("\"><script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Studio_internal_links_redirect_to_the_host_pages()
    {
        using var client = await Client(null);
        var response = await client.GetAsync(new Uri("/workflows/definitions/abc/edit", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/studio/workflows/definitions/abc/edit", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/studio/_framework/Elsa.Studio.abc123.wasm", "application/wasm")]
    [InlineData("/studio/_framework/icudt.xyz.dat", "application/octet-stream")]
    [InlineData("/studio/_framework/blazor.webassembly.js", "text/javascript")]
    public async Task Package_files_have_the_types_the_webassembly_loader_needs(string path, string type)
    {
        using var client = await Client(null);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_browser_that_accepts_brotli_gets_the_precompressed_file_with_the_original_type()
    {
        var browser = new DecompressingHandler();
        using var client = await Client(null, browser);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/blazor.webassembly.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("br", Assert.Single(browser.LastEncodings));
        Assert.Equal(FakeStudioPackage.LoaderScript, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Without_the_package_studio_answers_503_with_what_to_do()
    {
        var empty = Path.Combine(package.Root, "missing");
        using var client = await Client(empty);
        var response = await client.GetAsync(new Uri("/studio/workflows/definitions", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("npm ci", html, StringComparison.Ordinal);
        Assert.Contains("@elsa-workflows/elsa-studio-wasm", html, StringComparison.Ordinal);

        var health = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    public void Dispose() => package.Dispose();

    /// <summary>Decompresses like a browser and remembers which encoding the server chose.</summary>
    private sealed class DecompressingHandler : DelegatingHandler
    {
        public IReadOnlyCollection<string> LastEncodings { get; private set; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            LastEncodings = [.. response.Content.Headers.ContentEncoding];
            if (LastEncodings.Contains("br"))
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                using var brotli = new System.IO.Compression.BrotliStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await brotli.CopyToAsync(plain, cancellationToken);
                var content = new ByteArrayContent(plain.ToArray());
                content.Headers.ContentType = response.Content.Headers.ContentType;
                response.Content = content;
            }

            return response;
        }
    }
}
