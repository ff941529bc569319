using System.Security.Claims;
using System.Text.Encodings.Web;
using Hotline.Server.ElsaApi;
using Hotline.Workflows.Descriptors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>
/// The real host with its own SQLite file and a test sign-in: the <c>X-Test-User</c> header
/// (<c>name;role1,role2;tenant</c>) makes the caller that user. No header, no user.
/// </summary>
public sealed class StudioApiFactory : WebApplicationFactory<Program>
{
    public const string UserHeader = "X-Test-User";
    // Every product principal carries a tenant; the host's policies refuse one without.
    public const string ProcessOwner = "owner;process-owner;county-a";
    public const string Auditor = "audit;auditor;county-a";
    public const string OwnerOfCountyA = "owner-a;process-owner;county-a";
    public const string AuditorOfCountyB = "audit-b;auditor;county-b";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "hotline-studio-tests", Guid.NewGuid().ToString("N"));

    public HttpClient ClientAs(string? user)
    {
        var client = CreateClient();
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(UserHeader, user);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(folder);
        builder.UseSetting("Hotline:DataDirectory", folder);
        builder.UseSetting("Hotline:Logs:Directory", Path.Combine(folder, "logs"));
        // The tests import the definitions they need; the product's workflows/ folder is not theirs.
        builder.UseSetting("Hotline:Workflows:Folder", Path.Combine(folder, "workflows"));
        builder.ConfigureTestServices(services =>
        {
            services.AddHostedService(sp => new RegisterSampleActivities(sp.GetRequiredService<ActivityRegistry>()));

            services.AddAuthentication(o => o.DefaultScheme = TestSignIn.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestSignIn>(TestSignIn.SchemeName, _ => { });
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Adds the sample's Hotline activities once the host's registry is built.</summary>
    private sealed class RegisterSampleActivities(ActivityRegistry registry) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Fixtures.SampleActivities.RegisterMissing(registry);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class TestSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[UserHeader].ToString() is not { Length: > 0 } header)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var parts = header.Split(';');
            var claims = new List<Claim> { new(ClaimTypes.Name, parts[0]) };
            claims.AddRange(parts.ElementAtOrDefault(1)?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)) ?? []);
            if (parts.ElementAtOrDefault(2) is { Length: > 0 } tenant)
            {
                claims.Add(new Claim(StudioCaller.TenantClaim, tenant));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
