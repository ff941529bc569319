using Hotline.Server.Tests.Hosting;
using Npgsql;

namespace Hotline.Server.Tests.Live;

/// <summary>
/// Two hosts on one new PostgreSQL database, as two nodes of a deployment: the first migrates and seeds it, then the
/// second joins. The database is dropped afterwards. <see cref="First"/> may be started on Kestrel by the caller
/// before <see cref="StartAsync"/> touches it.
/// </summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    private readonly string server;
    private readonly string name = $"hotline_live_{Guid.NewGuid():N}";

    private TwoNodes(string server, Action<HotlineHost>? configureFirst)
    {
        this.server = server;
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var start = new DateTimeOffset(2025, 9, 26, 9, 0, 0, TimeSpan.FromHours(8));
        First = new HotlineHost(start, database);
        configureFirst?.Invoke(First);
        Second = new HotlineHost(start, database);
    }

    public HotlineHost First { get; }

    public HotlineHost Second { get; }

    /// <summary>Starts both; <paramref name="configureFirst"/> may switch the first to Kestrel (a browser's node).</summary>
    public static Task<TwoNodes> StartAsync(string server, Action<HotlineHost>? configureFirst = null)
    {
        var nodes = new TwoNodes(server, configureFirst);
        if (configureFirst is null)
        {
            _ = nodes.First.Server;
        }
        else
        {
            nodes.First.StartServer();
        }

        _ = nodes.Second.Server;
        return Task.FromResult(nodes);
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
