using System.Text.RegularExpressions;
using Hotline.Server.Access;
using Hotline.Server.Hosting;
using Hotline.Server.Observability;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Notices;
using Hotline.Workflows.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Hotline.Server.Tests.Deployment;

/// <summary>
/// docker-compose.yml and the Dockerfile cannot be run here (no Docker); what they say can be checked: every
/// environment variable they set is a configuration key the server reads, with a value it accepts.
/// </summary>
public sealed partial class ComposeFileTests
{
    // Keys read one by one (HotlineStore, DataDirectory, HostLogging) and the host's own environment variables.
    private static readonly HashSet<string> ScalarKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "Hotline:Database:Provider", "ConnectionStrings:Hotline",
        "Hotline:DataDirectory", "Hotline:Logs:Directory",
        KeyRing.CertificatePathKey, KeyRing.CertificatePasswordKey, KeyRing.CreateIfMissingKey,
    };

    // Sections bound to options classes: a key there must name a property (ErrorOnUnknownConfiguration below).
    private static readonly string[] BoundSections = ["Hotline:Notices:Mail", "Hotline:Metrics"];

    private static string Root => RepositoryRoot.Path;

    [Fact]
    public void Both_server_nodes_are_configured_only_through_keys_the_server_reads()
    {
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.yml"));
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(new MergingParser(new Parser(reader)));
        var services = (Dictionary<object, object>)compose["services"];
        Assert.Contains("postgres", services.Keys);
        Assert.Contains("mailpit", services.Keys);

        foreach (var node in new[] { "hotline-1", "hotline-2" })
        {
            var service = (Dictionary<object, object>)services[node];
            var environment = ((Dictionary<object, object>)service["environment"]).ToDictionary(
                e => ((string)e.Key).Replace("__", ":", StringComparison.Ordinal), e => (string?)WithDefaults((string)e.Value));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment).Build();

            Assert.All(environment.Keys, key => Assert.True(
                ScalarKeys.Contains(key) || BoundSections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)),
                $"{node} sets {key}, which the server does not read"));

            var (provider, connectionString) = HotlineStore.Database(configuration, new FakeEnvironment());
            Assert.Equal(WorkflowDatabaseProvider.PostgreSql, provider);
            Assert.Contains(new NpgsqlConnectionStringBuilder(connectionString).Host, services.Keys);

            var mail = configuration.GetSection("Hotline:Notices:Mail").Get<MailOptions>(o => o.ErrorOnUnknownConfiguration = true)!;
            Assert.Equal(MailTransportKind.Smtp, mail.Transport);
            Assert.Equal("mailpit", mail.Smtp?.Host);
            configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>(o => o.ErrorOnUnknownConfiguration = true);

            var dependsOn = (Dictionary<object, object>)service["depends_on"];
            Assert.All(dependsOn.Values, d => Assert.Equal("service_healthy", ((Dictionary<object, object>)d)["condition"]));
        }
    }

    [Fact]
    public void The_image_keeps_data_and_logs_in_volumes_and_checks_health()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var keys = EnvKey().Matches(dockerfile).Select(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)).ToList();
        Assert.Contains("Hotline:DataDirectory", keys);
        Assert.Contains("Hotline:Logs:Directory", keys);
        Assert.All(keys, key => Assert.Contains(key, ScalarKeys));
        Assert.Matches(@"HEALTHCHECK[^\n]*\n[^\n]*/health", dockerfile);
        Assert.Matches(@"USER \$APP_UID", dockerfile);
    }

    // ${NAME:-default} as compose expands it when NAME is unset.
    private static string WithDefaults(string value) => ComposeVariable().Replace(value, m => m.Groups[1].Value);

    [GeneratedRegex(@"\$\{[A-Z_]+:-([^}]*)\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"^\s*(?:ENV\s+)?([A-Za-z_]+(?:__[A-Za-z_]+)*)=", RegexOptions.Multiline)]
    private static partial Regex EnvKey();

    private sealed class FakeEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "Hotline.Server";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
