using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Hotline.Application.Tickets.Admission;

/// <summary>
/// How many ticket actions run at once on this node (<see cref="ActionAdmissionOptions.Limit"/>), so that a burst
/// beyond it waits without a thread and is served fairly instead of all at once. Waiting actions queue per tenant, in
/// arrival order, and a freed place goes to the tenants in turn: one county's flood waits behind itself, never in front
/// of another county's clerk. A wait longer than <see cref="ActionAdmissionOptions.MaxWait"/>, or a full queue, is
/// refused with <see cref="ActionsBusyException"/> before anything is read; a cancelled request leaves its queue at once.
/// </summary>
public sealed class ActionAdmission
{
    public const string QueuedActions = "hotline.ticket.admission.queued";
    public const string AdmissionWait = "hotline.ticket.admission.wait";
    public const string BusyActions = "hotline.ticket.admission.busy";

    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedList<Waiter>> queues = new(StringComparer.Ordinal);
    // The tenants with someone waiting, in the order their turn comes.
    private readonly LinkedList<string> turns = new();
    // Every tenant that ever waited, so the gauge reports its zero once its queue drains (an exporter keeps the last
    // value of a series that stops reporting). Tenants are the configured counties: a short list.
    private readonly HashSet<string> queuedOnce = new(StringComparer.Ordinal);
    private readonly ActionAdmissionOptions options;
    private readonly TimeProvider time;
    private readonly Histogram<double> wait;
    private readonly Counter<long> busy;
    private int free;

    public ActionAdmission(IOptions<ActionAdmissionOptions> options, IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        this.options = options.Value;
        this.time = time;
        free = this.options.Limit;
        var meter = meters.Create(Hotline.Workflows.Timers.TimerMetrics.MeterName);
        wait = meter.CreateHistogram(AdmissionWait, "s", "Time ticket actions waited for a place among those running at once (Hotline:Tickets:Admission).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        busy = meter.CreateCounter<long>(BusyActions, "{action}", "Ticket actions refused as busy: their tenant's queue was full or their wait too long.");
        meter.CreateObservableGauge(QueuedActions, Queued, "{action}", "Ticket actions waiting for a place, per tenant.");
    }

    /// <summary>The actions running now.</summary>
    public int Running
    {
        get
        {
            lock (gate)
            {
                return options.Limit - free;
            }
        }
    }

    /// <summary>The actions waiting for a place, all tenants together.</summary>
    internal int Waiting
    {
        get
        {
            lock (gate)
            {
                return queues.Values.Sum(q => q.Count);
            }
        }
    }

    /// <summary>
    /// Waits for a place for an action of <paramref name="tenantId"/>; disposing the place frees it for the next tenant in
    /// turn. Throws <see cref="ActionsBusyException"/> when the tenant's queue is full or the wait runs out, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled while waiting.
    /// </summary>
    public async ValueTask<ActionPlace> EnterAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        Waiter? waiter = null;
        lock (gate)
        {
            if (free > 0)
            {
                free--;
            }
            else
            {
                var queue = queues.GetValueOrDefault(tenantId);
                if ((queue?.Count ?? 0) >= options.QueuePerTenant)
                {
                    busy.Add(1);
                    throw new ActionsBusyException();
                }

                if (queue is null)
                {
                    queues[tenantId] = queue = new LinkedList<Waiter>();
                    turns.AddLast(tenantId);
                    queuedOnce.Add(tenantId);
                }

                waiter = new Waiter(tenantId, time.GetTimestamp());
                waiter.Node = queue.AddLast(waiter);
            }
        }

        if (waiter is null)
        {
            wait.Record(0);
            return new ActionPlace(this);
        }

        using var timeout = new CancellationTokenSource(options.MaxWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await using (linked.Token.UnsafeRegister(static state => ((Waiter)state!).Admitted.TrySetCanceled(), waiter))
        {
            try
            {
                await waiter.Admitted.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Never given a place (that would have completed the wait): out of the queue, if a freed place did not
                // already take it out and pass on.
                Withdraw(waiter);
                cancellationToken.ThrowIfCancellationRequested();
                busy.Add(1);
                throw new ActionsBusyException();
            }
        }

        wait.Record(time.GetElapsedTime(waiter.Since).TotalSeconds);
        return new ActionPlace(this);
    }

    private void Withdraw(Waiter waiter)
    {
        lock (gate)
        {
            if (waiter.Node?.List is not { } queue)
            {
                return;
            }

            queue.Remove(waiter.Node);
            if (queue.Count == 0)
            {
                queues.Remove(waiter.TenantId);
                turns.Remove(waiter.TenantId);
            }
        }
    }

    /// <summary>A place freed: to the first waiter of the tenant whose turn it is, that tenant then last in turn.</summary>
    internal void Leave()
    {
        lock (gate)
        {
            while (turns.First is { } turn)
            {
                var tenantId = turn.Value;
                var queue = queues[tenantId];
                var waiter = queue.First!.Value;
                queue.RemoveFirst();
                waiter.Node = null;
                turns.RemoveFirst();
                if (queue.Count > 0)
                {
                    turns.AddLast(turn);
                }
                else
                {
                    queues.Remove(tenantId);
                }

                // False when its wait ended meanwhile (cancelled, timed out): the place goes to the next in turn.
                if (waiter.Admitted.TrySetResult())
                {
                    return;
                }
            }

            free++;
        }
    }

    private IEnumerable<Measurement<long>> Queued()
    {
        lock (gate)
        {
            return queuedOnce.Select(tenant => new Measurement<long>(queues.GetValueOrDefault(tenant)?.Count ?? 0, new KeyValuePair<string, object?>("tenant", tenant))).ToList();
        }
    }

    private sealed class Waiter(string tenantId, long since)
    {
        public string TenantId { get; } = tenantId;
        public long Since { get; } = since;
        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
    }
}

/// <summary>A place among the ticket actions running at once (<see cref="ActionAdmission"/>), held until disposed.</summary>
public sealed class ActionPlace : IDisposable
{
    private ActionAdmission? admission;

    internal ActionPlace(ActionAdmission admission) => this.admission = admission;

    public void Dispose() => Interlocked.Exchange(ref admission, null)?.Leave();
}

/// <summary>
/// The node runs as many ticket actions as it is set to and this one could not wait for a place (its tenant's queue was
/// full, or the wait ran out): nothing was read or changed, and the client may retry after <see cref="RetryAfter"/>.
/// </summary>
public sealed class ActionsBusyException()
    : Exception("The server is running as many ticket actions as it can; nothing was changed. Try again shortly.")
{
    public const string Code = "ticket.busy";

    /// <summary>A queue drains in well under a second at a node's usual rate; a client that waits this long finds room.</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}
