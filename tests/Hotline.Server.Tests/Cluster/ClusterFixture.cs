using Npgsql;

namespace Hotline.Server.Tests.Cluster;

/// <summary>
/// Three server processes on one PostgreSQL database (issue 7's multi-node set-up): the first migrates the database
/// and seeds the demo tenants, then the other two join. They share the mail pickup folder, so every notice any node
/// sends lands in one place. Nothing starts unless <c>HOTLINE_TEST_POSTGRES</c> names a server.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("hotline-cluster-").FullName;
    private readonly string? server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
    private readonly string name = $"hotline_cluster_{Guid.NewGuid():N}";
    private readonly List<ServerNode> nodes = [];

    /// <summary>Settings that make a test-sized cluster react in seconds: quick delivery rounds and leases.</summary>
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        ["Hotline__Notices__Delivery__PollInterval"] = "00:00:01",
        ["Hotline__Notices__Delivery__ClaimLease"] = "00:00:15",
    };

    public bool Available => !string.IsNullOrWhiteSpace(server);

    public string Database => new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;

    public string PickupFolder => Path.Combine(folder, "pickup");

    public IReadOnlyList<ServerNode> Nodes => nodes;

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var first = ServerNode.Start("node-1", connection, folder, Settings);
        nodes.Add(first);
        await first.WaitHealthyAsync(cancellationToken);
        nodes.Add(ServerNode.Start("node-2", connection, folder, Settings));
        nodes.Add(ServerNode.Start("node-3", connection, folder, Settings));
        await Task.WhenAll(nodes.Skip(1).Select(n => n.WaitHealthyAsync(cancellationToken)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        if (Available)
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // the temp folder is the OS's to clean
        }
    }
}
