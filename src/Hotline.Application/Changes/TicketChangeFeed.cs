using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Hotline.Application.Changes;

/// <summary>
/// The change feed of committed ticket changes (工单变更通知), per tenant. Open workbench circuits subscribe to their
/// user's tenant and hear only that tenant's changes. Changes committed on this node are delivered here at once and,
/// when a relay is attached (several nodes on PostgreSQL), handed to it for the other nodes, which deliver them with
/// <see cref="Deliver"/>. Handlers must return at once: they run on the thread that committed.
/// </summary>
public sealed partial class TicketChangeFeed(ILogger<TicketChangeFeed> logger)
{
    /// <summary>How many changes wait for the relay at most; past it the oldest are dropped (a refresh is only a hint).</summary>
    public const int RelayCapacity = 10_000;

    private readonly ConcurrentDictionary<string, SubscriberList> subscribers = new(StringComparer.Ordinal);
    private Channel<TicketChange>? relay;

    /// <summary>Calls <paramref name="handler"/> with every batch of changes of <paramref name="tenantId"/> until disposed.</summary>
    public IDisposable Subscribe(string tenantId, Action<IReadOnlyList<TicketChange>> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, tenantId, handler);
        subscribers.AddOrUpdate(tenantId, _ => new([subscription]), (_, list) => new([.. list.Items, subscription]));
        return subscription;
    }

    /// <summary>Changes this node committed: delivered here, and to the other nodes through the relay if one is attached.</summary>
    public void Publish(IReadOnlyList<TicketChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        Deliver(changes);
        if (relay is { } outgoing)
        {
            foreach (var change in changes)
            {
                outgoing.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>Changes to deliver to this node's subscribers only (those another node committed).</summary>
    public void Deliver(IReadOnlyList<TicketChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var tenant in changes.GroupBy(c => c.TenantId, StringComparer.Ordinal))
        {
            if (!subscribers.TryGetValue(tenant.Key, out var list))
            {
                continue;
            }

            var batch = tenant.ToList();
            foreach (var subscription in list.Items)
            {
                try
                {
                    subscription.Handler(batch);
                }
                catch (Exception e)
                {
                    // One broken circuit must not keep the change from the others, nor fail the committed action.
                    LogHandlerFailed(logger, e, tenant.Key);
                }
            }
        }
    }

    /// <summary>Attaches the relay to the other nodes: what this node publishes from now on is also written here.</summary>
    public ChannelReader<TicketChange> AttachRelay()
    {
        var channel = Channel.CreateBounded<TicketChange>(new BoundedChannelOptions(RelayCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        return Interlocked.CompareExchange(ref relay, channel, null) is null
            ? channel.Reader
            : throw new InvalidOperationException("A relay is already attached.");
    }

    private void Remove(Subscription subscription) =>
        subscribers.AddOrUpdate(subscription.TenantId, _ => new([]), (_, list) => new([.. list.Items.Where(s => s != subscription)]));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A ticket change handler of tenant {TenantId} failed.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string tenantId);

    /// <summary>A copy-on-write list: delivery reads it without a lock while circuits come and go.</summary>
    private sealed record SubscriberList(Subscription[] Items);

    private sealed class Subscription(TicketChangeFeed feed, string tenantId, Action<IReadOnlyList<TicketChange>> handler) : IDisposable
    {
        public string TenantId { get; } = tenantId;

        public Action<IReadOnlyList<TicketChange>> Handler { get; } = handler;

        public void Dispose() => feed.Remove(this);
    }
}
