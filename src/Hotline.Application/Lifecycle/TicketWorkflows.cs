using System.Globalization;
using System.Text.Json.Nodes;
using Hotline.Application.Changes;
using Hotline.Tickets.Access;
using Hotline.Tickets.Activities;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Supervision;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Model;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Lifecycle;

/// <summary>
/// Joins tickets and their workflows (工单流程) in one unit of work. After a ticket action the ticket's new events go
/// to its workflows: each resumes the instances waiting for it (an <see cref="AwaitTicketAction"/> bookmark with the
/// ticket number as correlation id) and starts the published definitions that trigger on it; the action the user took
/// must be expected by one of them, or it is refused and nothing is saved. Every clock the ticket starts starts the
/// definitions that watch clocks of its kind, one instance per clock, whose timers warn, mark it overdue and escalate.
/// All of it happens in the ticket's tenant: only that tenant's bookmarks are resumed and only its published
/// definitions started, and a step finds its ticket by its instance's tenant and the number.
/// <para>
/// It is also the host's side of the hotline activities' seams (<see cref="ITicketClocks"/>, <see cref="ITicketNotices"/>):
/// a deadline that a timer reaches changes the ticket in the timer's transaction, and what the ticket recorded
/// (deemed signed, lapsed screening…) reaches the ticket's workflows before that transaction commits.
/// </para>
/// </summary>
public sealed partial class TicketWorkflows(
    HotlineUnitOfWork unitOfWork,
    WorkflowUnitOfWork workflowUnit,
    WorkflowRuntime runtime,
    TicketStore store,
    NoticeOutbox outbox,
    TicketChangeLog changes,
    TimeProvider time) : ITicketClocks, ITicketNotices, ITicketReturns
{
    private readonly Dictionary<TicketRef, Tracked> tracked = [];
    private readonly Dictionary<string, (string Name, TenantRules Rules)> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PublishedSet> published = new(StringComparer.Ordinal);
    private bool flushQueued;

    /// <summary>The event being delivered now: a notice its workflows send is about it (e.g. the late co-units a supervision names).</summary>
    private TicketEvent? delivering;

    /// <summary>Remembers what the ticket looked like before an action, so <see cref="AdvanceAsync"/> knows what is new.</summary>
    public void Track(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (tracked.TryAdd(RefOf(ticket), new Tracked(ticket, ticket.Events.Count, ticket.Clocks.Select(c => c.Id).ToHashSet()) { Revision = ticket.Revision }))
        {
            changes.Observe(ticket, registered: false);
        }
    }

    /// <summary>
    /// The stored tickets this unit read and may change (an action's ticket, a merge's main ticket), with the revision
    /// each had when read, in number order (the order their rows are locked in): what the action decided stands only
    /// while every one of them is still at that revision.
    /// </summary>
    public IReadOnlyList<(TicketRef Ticket, int Revision)> TrackedRevisions() =>
        [.. tracked.Where(t => t.Value.Revision is not null)
            .Select(t => (t.Key, t.Value.Revision!.Value))
            .OrderBy(t => t.Key.TenantId, StringComparer.Ordinal).ThenBy(t => t.Key.Number, StringComparer.Ordinal)];

    /// <summary>
    /// Forgets every tracked ticket and the flush queued for them: the action is decided again on tickets loaded afresh
    /// (the unit dropped the run that queued it).
    /// </summary>
    public void ForgetTracked()
    {
        tracked.Clear();
        changes.Forget();
        flushQueued = false;
    }

    /// <summary>The unit of work began after its workflows ran: what they observed goes with the unit's changes.</summary>
    public void Begun() => changes.Attach();

    /// <summary>Tracks a ticket registered in this unit of work: everything on it is new.</summary>
    public void TrackNew(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        tracked[RefOf(ticket)] = new Tracked(ticket, 0, []);
        changes.Observe(ticket, registered: true);
    }

    /// <summary>
    /// Delivers what <paramref name="taken"/> and the rest of the action recorded to the ticket's workflows and starts
    /// the watches of the clocks it started. Refuses (<see cref="ErrorCodes.StepNotExpected"/>) when no workflow expects
    /// <paramref name="taken"/>; a replayed action (same idempotency key) delivers nothing again.
    /// </summary>
    public async Task AdvanceAsync(Ticket ticket, TicketEvent taken, TicketActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(taken);
        Track(ticket);
        changes.Attach();
        if (!await DeliverNewAsync(tracked[RefOf(ticket)], actor, expected: taken, cancellationToken)
            && !await TakeMergeAsync(ticket, taken, actor, cancellationToken))
        {
            throw new TicketRuleViolation(ErrorCodes.StepNotExpected,
                $"The workflow of ticket {ticket.Number} does not expect {taken.Action} at its current step; "
                + $"it waits for {await AwaitedAsync(ticket, cancellationToken)}.");
        }

        QueueFlush();
    }

    /// <summary>
    /// The ticket's workflow instances, its lifecycle first (the instance of a definition its registration starts), then
    /// the sub-flows oldest first.
    /// </summary>
    public async Task<IReadOnlyList<TicketWorkflowView>> InstancesAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var lifecycles = await LifecycleIdsAsync(ticket.TenantId, cancellationToken);
        IReadOnlyList<CorrelatedInstance> instances;
        using (runtime.EnterTenant(ticket.TenantId))
        {
            instances = await runtime.ListCorrelatedAsync(ticket.Number, cancellationToken);
        }

        return [.. instances
            .Select(i => new TicketWorkflowView(i.Id, i.DefinitionId, i.Version, i.Status.ToString(), i.SubStatus.ToString()))
            .OrderBy(i => lifecycles.Contains(i.DefinitionId) ? 0 : 1)];
    }

    // ---- ITicketClocks -----------------------------------------------------------------------------------

    public async Task<ClockReading?> ReadAsync(TicketRef ticketRef, Guid? clockId, DeadlineKind kind, CancellationToken cancellationToken)
    {
        var ticket = await TicketAsync(ticketRef, cancellationToken);
        var clock = clockId is { } id ? ticket?.Clocks.FirstOrDefault(c => c.Id == id) : ticket?.Clock(kind);
        return clock is null ? null : new ClockReading(clock.Id, clock.Kind, clock.DueAt, clock.WarningAt, clock.IsRunning);
    }

    public async Task<TicketAction?> ReachAsync(TicketRef ticketRef, Guid clockId, CancellationToken cancellationToken)
    {
        var ticket = await TicketAsync(ticketRef, cancellationToken);
        if (ticket?.Clocks.FirstOrDefault(c => c.Id == clockId) is not { } clock)
        {
            return null;
        }

        var (_, rules) = await TenantAsync(ticket.TenantId, cancellationToken);
        // One key per clock and due time: a repeated timer replays, an extended clock can go overdue again.
        var key = string.Create(CultureInfo.InvariantCulture, $"deadline:{clockId:N}:{clock.DueAt.UtcTicks}");
        var recorded = ticket.DeadlineReached(rules.Act(TicketActor.System, time.GetUtcNow(), key), clockId);
        QueueFlush();
        return recorded?.Action;
    }

    public async Task<string?> InterviewLevelAsync(TicketRef ticketRef, Guid clockId, CancellationToken cancellationToken)
    {
        var ticket = await TicketAsync(ticketRef, cancellationToken);
        if (ticket?.Clocks.FirstOrDefault(c => c.Id == clockId) is not { Overdue: true, UnitId: { } unitId, Kind: DeadlineKind.Handle or DeadlineKind.Redo })
        {
            return null;
        }

        var (_, rules) = await TenantAsync(ticket.TenantId, cancellationToken);
        var year = TimeZoneInfo.ConvertTime(time.GetUtcNow(), ShanghaiTime.Zone).Year;
        var prior = await store.OverdueTicketCountAsync(ticket.TenantId, unitId, year, ticket.Id, cancellationToken);
        return InterviewLevels.For(rules.Policy, prior);
    }

    public async Task<string?> CountedOverdueInterviewLevelAsync(TicketRef ticketRef, CancellationToken cancellationToken)
    {
        var ticket = await TicketAsync(ticketRef, cancellationToken);
        if (ticket?.Events.LastOrDefault(e => e.Action == TicketAction.OverdueCounted) is not { UnitId: { } unitId })
        {
            return null;
        }

        var (_, rules) = await TenantAsync(ticket.TenantId, cancellationToken);
        var year = TimeZoneInfo.ConvertTime(time.GetUtcNow(), ShanghaiTime.Zone).Year;
        var prior = await store.OverdueTicketCountAsync(ticket.TenantId, unitId, year, ticket.Id, cancellationToken);
        return InterviewLevels.For(rules.Policy, prior);
    }

    // ---- ITicketReturns ----------------------------------------------------------------------------------

    public async Task<bool?> PendingReturnEscalatedAsync(TicketRef ticketRef, CancellationToken cancellationToken) =>
        (await TicketAsync(ticketRef, cancellationToken))?.Returns.LastOrDefault(r => r.Status == Hotline.Tickets.Returns.RequestStatus.Pending)?.Escalated;

    // ---- ITicketNotices ----------------------------------------------------------------------------------

    public async Task EnqueueAsync(TicketRef ticketRef, string templateKind, HotlineRole recipient, string deduplicationKey,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? values = null)
    {
        var ticket = await TicketAsync(ticketRef, cancellationToken)
            ?? throw new InvalidOperationException($"There is no ticket {ticketRef} to notify about.");
        await EnlistAsync(cancellationToken);
        changes.Noticed(ticketRef, templateKind);
        var clock = values?.GetValueOrDefault("clockId") is { } id && Guid.TryParse(id, out var clockId)
            ? ticket.Clocks.FirstOrDefault(c => c.Id == clockId)
            : null;
        var (centre, rules) = await TenantAsync(ticket.TenantId, cancellationToken);
        var letter = await NoticeValues.ForAsync(unitOfWork.Domain, ticket, clock, centre, rules.Calendar, time.GetUtcNow(), cancellationToken);
        foreach (var (key, value) in values ?? new Dictionary<string, string?>())
        {
            letter[key] = value;
        }

        // Unit roles are the people of the units concerned (the clock's, else the lead unit and the late co-units a
        // supervision names); centre roles the tenant's.
        var units = recipient.IsUnitRole() ? SupervisedUnits.ToTell(ticket, clock, delivering) : null;
        if (units is { Count: 0 })
        {
            return; // a centre clock before dispatch has no unit to tell
        }

        var roleName = recipient.ToString();
        var people = await unitOfWork.Domain.Set<User>().AsNoTracking()
            .Where(u => u.TenantId == ticket.TenantId && !u.IsDisabled && u.Email != null && (units == null || units.Contains(u.UnitCode!)))
            .ToListAsync(cancellationToken);
        foreach (var person in people.Where(p => p.Roles.Roles.Contains(recipient)).OrderBy(p => p.UserName, StringComparer.Ordinal))
        {
            letter["recipientName"] = person.DisplayName;
            await outbox.EnqueueAsync(unitOfWork.Domain, new NoticeRequest(ticket.TenantId, ticket.Number, templateKind,
                NoticeRecipient.Email(person.Email!, person.DisplayName), new Dictionary<string, string?>(letter),
                $"{deduplicationKey}:{roleName}:{person.Id}"), cancellationToken);
        }

        QueueFlush();
    }

    // ---- delivery ----------------------------------------------------------------------------------------

    /// <summary>Delivers every event and clock the ticket gained since it was tracked; true when <paramref name="expected"/> was taken up.</summary>
    private async Task<bool> DeliverNewAsync(Tracked entry, TicketActor actor, TicketEvent? expected, CancellationToken cancellationToken)
    {
        var ticket = entry.Ticket;
        var accepted = false;
        while (entry.DeliveredEvents < ticket.Events.Count || ticket.Clocks.Any(c => !entry.WatchedClocks.Contains(c.Id)))
        {
            var events = ticket.Events.Skip(entry.DeliveredEvents).ToList();
            var clocks = ticket.Clocks.Where(c => !entry.WatchedClocks.Contains(c.Id)).ToList();
            entry.DeliveredEvents = ticket.Events.Count;
            entry.WatchedClocks.UnionWith(clocks.Select(c => c.Id));

            foreach (var recorded in events)
            {
                delivering = recorded;
                try
                {
                    var taken = await DeliverAsync(ticket, recorded, actor, cancellationToken);
                    await TellMergedCallersAsync(ticket, recorded, cancellationToken);
                    accepted |= taken && ReferenceEquals(recorded, expected);
                }
                finally
                {
                    delivering = null;
                }
            }

            if (events.LastOrDefault(e => TicketWatchers.Closes(e.Action)) is { } closing)
            {
                await EndWatchersAsync(ticket, closing, cancellationToken);
            }

            foreach (var clock in clocks.Where(c => c.IsRunning))
            {
                await WatchAsync(ticket, clock, cancellationToken);
            }
        }

        return accepted;
    }

    private async Task<bool> DeliverAsync(Ticket ticket, TicketEvent recorded, TicketActor actor, CancellationToken cancellationToken)
    {
        var label = ActorLabel(actor);
        var stimulus = new JsonObject { ["action"] = recorded.Action.ToString(), ["sequence"] = recorded.Sequence };
        var triggers = await TriggersAsync(ticket.TenantId, a => TicketTriggers.StartsOn(a, recorded.Action), cancellationToken);
        int resumed;
        using (runtime.EnterTenant(ticket.TenantId))
        {
            resumed = (await runtime.TriggerAsync(TicketActionBookmark.Name, TicketActionBookmark.Payload(recorded.Action),
                ticket.Number, stimulus, label, cancellationToken)).Count;
        }

        await StartEachAsync(ticket, triggers, label, stimulus,
            new Dictionary<string, object?> { ["action"] = recorded.Action.ToString() }, cancellationToken);
        return resumed + triggers.Count > 0;
    }

    private async Task WatchAsync(Ticket ticket, DeadlineClock clock, CancellationToken cancellationToken)
    {
        var triggers = await TriggersAsync(ticket.TenantId, a => TicketTriggers.Watches(a, clock.Kind), cancellationToken);
        await StartEachAsync(ticket, triggers, "system:deadline", triggerInput: null,
            new Dictionary<string, object?> { [StartDeadline.ClockIdInput] = clock.Id.ToString(), ["clock"] = clock.Kind.ToString() }, cancellationToken);
    }

    /// <summary>
    /// Starts, in the ticket's tenant, an instance of each matching trigger's published definition, correlated with the
    /// ticket; every instance gets the ticket number besides <paramref name="input"/>.
    /// </summary>
    private async Task StartEachAsync(Ticket ticket, IEnumerable<(WorkflowDefinition Definition, Activity Trigger)> triggers, string actor,
        JsonObject? triggerInput, Dictionary<string, object?> input, CancellationToken cancellationToken)
    {
        using var tenant = runtime.EnterTenant(ticket.TenantId);
        foreach (var (definition, trigger) in triggers)
        {
            var all = new Dictionary<string, object?> { ["ticketNumber"] = ticket.Number };
            foreach (var (name, value) in input)
                all[name] = value;
            // The version just read with its triggers: started without looking it up again.
            await runtime.StartAsync(definition, new StartWorkflow
            {
                VersionId = definition.Id,
                CorrelationId = ticket.Number,
                Actor = actor,
                TriggerActivityId = trigger.Id,
                TriggerInput = triggerInput?.DeepClone(),
                Input = all,
            }, cancellationToken);
        }
    }

    /// <summary>The ids of the tenant's lifecycle definitions: those a ticket's registration starts.</summary>
    private async Task<HashSet<string>> LifecycleIdsAsync(string tenantId, CancellationToken cancellationToken) =>
        (await TriggersAsync(tenantId, a => TicketTriggers.StartsOn(a, TicketAction.Registered), cancellationToken))
            .Select(t => t.Definition.DefinitionId).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The ticket closed: every workflow still watching it (supervision, joint handling, return review…) ends with its
    /// timers, and its journal names the closing action. The lifecycle stays while it still waits for the archive.
    /// </summary>
    private async Task EndWatchersAsync(Ticket ticket, TicketEvent closing, CancellationToken cancellationToken)
    {
        var keep = ticket.State is TicketState.Archived or TicketState.Merged ? null : await LifecycleIdsAsync(ticket.TenantId, cancellationToken);
        using var tenant = runtime.EnterTenant(ticket.TenantId);
        await runtime.CancelCorrelatedAsync(ticket.Number, TicketWatchers.Reason(ticket, closing), keep, "system:ticket-closed", cancellationToken);
    }

    /// <summary>The trigger activities of the tenant's published definitions that match, with their definition.</summary>
    private async Task<List<(WorkflowDefinition Definition, Activity Trigger)>> TriggersAsync(string tenantId, Func<Activity, bool> match, CancellationToken cancellationToken) =>
        [.. (await PublishedAsync(tenantId, cancellationToken)).Triggers.Where(t => match(t.Trigger)).Select(t => (t.Definition, t.Trigger))];

    /// <summary>
    /// The tenant's published definitions, read once per unit of work: one action delivers several events and clocks, and
    /// a definition published meanwhile governs the next request, not half of this one.
    /// </summary>
    private async Task<PublishedSet> PublishedAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!published.TryGetValue(tenantId, out var set))
        {
            using var tenant = runtime.EnterTenant(tenantId);
            published[tenantId] = set = await runtime.PublishedAsync(cancellationToken);
        }

        return set;
    }

    /// <summary>The actions the ticket's instances wait for now, for the refusal message.</summary>
    private async Task<string> AwaitedAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var actions = await AwaitedActionsAsync(ticket, cancellationToken);
        return actions.Count == 0 ? "no action (its workflows have ended)" : string.Join(", ", actions);
    }

    /// <summary>
    /// The actions the ticket's workflows wait for now (their waiting bookmarks in the ticket's tenant), by name: what the
    /// ticket page and view offer, rather than a guess from the ticket's state.
    /// </summary>
    public async Task<IReadOnlyList<string>> AwaitedActionsAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        List<Hotline.Workflows.Bookmarks.Bookmark> waiting;
        using (runtime.EnterTenant(ticket.TenantId))
        {
            waiting = await runtime.ListWaitingAsync(TicketActionBookmark.Name, ticket.Number, cancellationToken);
        }

        return waiting
            .Select(b => b.PayloadJson is null ? null : TicketActionBookmark.ActionOf(JsonNode.Parse(b.PayloadJson)))
            .OfType<TicketAction>()
            .Distinct()
            .Select(a => a.ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static TicketRef RefOf(Ticket ticket) => new(ticket.TenantId, ticket.Number);

    private static string ActorLabel(TicketActor actor) => actor.IsSystem ? "system" : $"{actor.Role}:{actor.UserId}";

    // ---- unit of work ------------------------------------------------------------------------------------

    private async Task<Ticket?> TicketAsync(TicketRef ticketRef, CancellationToken cancellationToken)
    {
        if (tracked.TryGetValue(ticketRef, out var entry))
        {
            return entry.Ticket;
        }

        // A timer's step reads the ticket inside the timer's transaction, on the same connection.
        await EnlistAsync(cancellationToken);

        var ticket = await store.FindForUpdateAsync(ticketRef.TenantId, ticketRef.Number, cancellationToken);
        if (ticket is not null)
        {
            Track(ticket);
        }

        return ticket;
    }

    /// <summary>The tenant an action runs in, as its runner read it with the rules: a notice's step does not read it again.</summary>
    public void Know(Tenant tenant, TenantRules rules)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        tenants.TryAdd(tenant.Id, (tenant.Name, rules));
    }

    /// <summary>A tenant's name and rules, read once per unit of work: a timer batch or an action touches few tenants.</summary>
    private async Task<(string Name, TenantRules Rules)> TenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!tenants.TryGetValue(tenantId, out var known))
        {
            var tenant = await unitOfWork.Domain.Tenants.AsNoTracking().SingleAsync(t => t.Id == tenantId, cancellationToken);
            known = tenants[tenantId] = (tenant.Name, await store.RulesAsync(tenant, cancellationToken));
        }

        return known;
    }

    private async Task EnlistAsync(CancellationToken cancellationToken)
    {
        if (workflowUnit.IsActive && unitOfWork.Domain.Database.CurrentTransaction is null)
        {
            await unitOfWork.EnlistAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Before the transaction commits: what workflow steps recorded on tickets (a deadline reached by a timer) reaches
    /// the tickets' workflows, then the tickets and notices are saved into the same transaction.
    /// </summary>
    private void QueueFlush()
    {
        if (flushQueued)
        {
            return;
        }

        flushQueued = true;
        workflowUnit.BeforeCommit(async cancellationToken =>
        {
            foreach (var entry in tracked.Values.ToList())
            {
                await DeliverNewAsync(entry, TicketActor.System, expected: null, cancellationToken);
            }

            await EnlistAsync(cancellationToken);
            await store.SaveAsync(cancellationToken);
            flushQueued = false;
        });
    }

    private sealed class Tracked(Ticket ticket, int deliveredEvents, HashSet<Guid> watchedClocks)
    {
        public Ticket Ticket { get; } = ticket;
        public int DeliveredEvents { get; set; } = deliveredEvents;
        public HashSet<Guid> WatchedClocks { get; } = watchedClocks;

        /// <summary>The revision read from the store; null for a ticket registered in this unit.</summary>
        public int? Revision { get; init; }
    }
}

/// <summary>One workflow instance of a ticket, as the ticket's page links it.</summary>
public sealed record TicketWorkflowView(string Id, string DefinitionId, int Version, string Status, string SubStatus);
