using System.Text.Json;
using System.Threading.Channels;
using Hotline.Application.Changes;
using Npgsql;

namespace Hotline.Server.Changes;

/// <summary>
/// Carries the ticket change feed between the nodes that share one PostgreSQL database: what this node commits goes out
/// with <c>NOTIFY</c> on <see cref="Channel"/>, and what the others commit comes in through <c>LISTEN</c> and is
/// delivered to this node's open workbenches. PostgreSQL delivers a notification to every listening session, its own
/// node's too, so each message names its node and a node skips its own (already delivered when it committed).
/// A change missed while the listening connection was down is not replayed: the next change or navigation refreshes.
/// </summary>
internal sealed partial class PostgresChangeRelay(TicketChangeFeed feed, string connectionString, ILogger<PostgresChangeRelay> logger) : BackgroundService
{
    public const string Channel = "hotline_ticket_changes";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    private readonly string node = Guid.NewGuid().ToString("N");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outgoing = feed.AttachRelay();
        return Task.WhenAll(ListenAsync(stoppingToken), SendAsync(outgoing, stoppingToken));
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outside the pool: the server's pooled connections are not reset when given back (PostgresConnectionDefaults),
                // and this one's LISTEN must not outlive it on a connection a request takes next.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                connection.Notification += (_, e) => Receive(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListenFailed(logger, e);
                try
                {
                    await Task.Delay(Reconnect, TimeProvider.System, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Receive(string payload)
    {
        try
        {
            if (ChangeNotifications.Read(payload, node) is { } changes)
            {
                feed.Deliver(changes);
            }
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e);
        }
    }

    /// <summary>Sends what waits in one or a few notifications: a burst of commits costs a round trip, not one each.</summary>
    private async Task SendAsync(ChannelReader<TicketChange> outgoing, CancellationToken stoppingToken)
    {
        try
        {
            while (await outgoing.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<TicketChange>();
                while (batch.Count < 500 && outgoing.TryRead(out var change))
                {
                    batch.Add(change);
                }

                try
                {
                    // A pooled connection, the requests' pool: a notification leaves nothing in the session. One of its own
                    // per batch cost PostgreSQL a new backend and this node a connect, each batch (about one per action).
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(stoppingToken);
                    await using var notify = new NpgsqlBatch(connection);
                    foreach (var payload in ChangeNotifications.Payloads(node, batch))
                    {
                        notify.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
                        {
                            Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = payload } },
                        });
                    }

                    // One round trip; PostgreSQL sends them in this order, each to every listener.
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The other nodes miss this batch; their next change or navigation refreshes.
                    LogSendFailed(logger, e, batch.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other nodes' ticket changes failed; reconnecting.")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A ticket change notification could not be read.")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} ticket changes to the other nodes failed.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);
}
