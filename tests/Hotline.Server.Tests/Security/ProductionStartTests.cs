using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Security;

/// <summary>In Production the key ring is encrypted at rest with a certificate, and the server will not start without one.</summary>
public sealed class ProductionStartTests
{
    [Fact]
    public void Production_without_a_certificate_refuses_to_start_and_names_the_setting()
    {
        using var factory = HotlineHost.InProduction(_ => new Dictionary<string, string>());

        var refused = Assert.Throws<InvalidOperationException>(() => factory.Services);

        Assert.Contains(KeyRing.CertificatePathKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_a_certificate_stores_the_keys_encrypted()
    {
        using var factory = HotlineHost.InProduction(folder => new Dictionary<string, string>
        {
            [KeyRing.CertificatePathKey] = Path.Combine(folder, "keys", "dataprotection.pfx"),
            [KeyRing.CertificatePasswordKey] = "trial-password",
            [KeyRing.CreateIfMissingKey] = "true",
        });
        using var client = factory.CreateClient();
        await factory.TimersRunningAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        // The first cookie or token makes the ring's first key.
        _ = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");

        await using var scope = factory.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().DataProtectionKeys.ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("EncryptedData", k.Xml!, StringComparison.Ordinal));
    }
}
