using Hotline.Server.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Security;

/// <summary>In Production the key ring is encrypted at rest with a certificate, and the server will not start without one.</summary>
public sealed class ProductionStartTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hotline-production-").FullName;

    [Fact]
    public void Production_without_a_certificate_refuses_to_start_and_names_the_setting()
    {
        using var factory = Production([]);

        var refused = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains(KeyRing.CertificatePathKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_a_certificate_stores_the_keys_encrypted()
    {
        using var factory = Production(new()
        {
            [KeyRing.CertificatePathKey] = Path.Combine(folder, "keys", "dataprotection.pfx"),
            [KeyRing.CertificatePasswordKey] = "trial-password",
            [KeyRing.CreateIfMissingKey] = "true",
        });
        using var client = factory.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        // The first cookie or token makes the ring's first key.
        _ = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");

        await using var scope = factory.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().DataProtectionKeys.ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("EncryptedData", k.Xml!, StringComparison.Ordinal));
    }

    private WebApplicationFactory<Program> Production(Dictionary<string, string> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Hotline:DataDirectory", folder);
            b.UseSetting("Hotline:Logs:Directory", Path.Combine(folder, "logs"));
            foreach (var (key, value) in settings)
                b.UseSetting(key, value);
        });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
