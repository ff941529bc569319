using Hotline.Application.Changes;
using Hotline.Application.Queues;
using Hotline.Tickets.Access;
using Microsoft.Extensions.Logging;

namespace Hotline.Workbench.Live;

/// <summary>
/// The live side of one circuit (实时刷新): listens to the change feed of the user's tenant, gathers a burst of changes
/// for <see cref="Window"/>, then tells the page parts once — the menu counts, the visible queue page, the notices —
/// which re-query what they show. Nothing about a ticket but its number travels; the rows come from the database,
/// as the user may see them.
/// </summary>
public sealed partial class LiveQueues(TicketChangeFeed feed, QueueArrivals arrivals, ILogger<LiveQueues> logger) : IAsyncDisposable
{
    /// <summary>How long a burst is gathered: one refresh per burst, and a change shows within about a second.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(600);

    /// <summary>Changes kept for one refresh at most; a longer burst still refreshes once, without naming each ticket.</summary>
    private const int MaxPending = 500;

    private readonly Lock gate = new();
    private readonly List<TicketChange> pending = [];
    private readonly CancellationTokenSource stopped = new();
    private IDisposable? subscription;
    private CurrentUser? user;
    private bool flushing;

    /// <summary>Raised after a burst of changes that concern the user, with what it means for them; handlers re-query.</summary>
    public event Func<QueueNews, Task>? Updated;

    /// <summary>Starts listening for <paramref name="signedIn"/>'s tenant; once per circuit.</summary>
    public void Start(CurrentUser signedIn)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        if (user is not null || !signedIn.IsAuthenticated)
        {
            return;
        }

        user = signedIn;
        subscription = feed.Subscribe(signedIn.TenantId, OnChanges);
    }

    private void OnChanges(IReadOnlyList<TicketChange> changes)
    {
        if (user is not { } me)
        {
            return;
        }

        var mine = changes.Where(c => QueueArrivals.Concerns(me, c)).ToList();
        if (mine.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            pending.AddRange(mine);
            if (pending.Count > MaxPending)
            {
                pending.RemoveRange(0, pending.Count - MaxPending);
            }

            if (flushing)
            {
                return;
            }

            flushing = true;
        }

        _ = FlushAsync(me);
    }

    private async Task FlushAsync(CurrentUser me)
    {
        try
        {
            while (true)
            {
                // Real time, not the host's clock: the host's clock may be a test's fake one, or jump.
                await Task.Delay(Window, TimeProvider.System, stopped.Token);
                List<TicketChange> batch;
                lock (gate)
                {
                    batch = [.. pending];
                    pending.Clear();
                    if (batch.Count == 0)
                    {
                        flushing = false;
                        return;
                    }
                }

                var news = arrivals.News(me, batch);
                foreach (var handler in Updated?.GetInvocationList().Cast<Func<QueueNews, Task>>() ?? [])
                {
                    try
                    {
                        await handler(news);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A page part that went away meanwhile; the others still refresh.
                        LogRefreshFailed(logger, e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            // The circuit ended.
        }
        catch (Exception e)
        {
            LogRefreshFailed(logger, e);
            lock (gate)
            {
                flushing = false;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        // Cancelled, not disposed: a refresh still on its way reads the token once more and stops.
        await stopped.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing a workbench after ticket changes failed.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
