using Hotline.Application.Lifecycle;
using Hotline.Application.Profiling;
using Hotline.Application.Tickets.Admission;
using Hotline.Tickets.Access;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Tickets;

/// <summary>
/// Runs one ticket action as one unit of work: who may act (rules.md §6), the tenant's rules, the ticket at the
/// revision the client saw, the domain method, and one commit for the ticket and everything it caused. A client
/// retry with the same <c>Idempotency-Key</c> replays the first result, the key with a different request is refused; a
/// stale <c>If-Match</c> revision is a 409. The units an action puts on a ticket are checked before anything is saved.
/// </summary>
public sealed class TicketActionRunner(
    HotlineUnitOfWork unitOfWork,
    TicketStore store,
    CurrentUser user,
    PersonalDataDisclosure disclosure,
    TicketWorkflows workflows,
    UnitReferences units,
    AttachmentCitations attachments,
    ActionAdmission admission,
    SignedInTenant signedIn,
    TimeProvider time)
{
    public const string IdempotencyHeader = ActionRequest.IdempotencyHeader;

    public Task<TicketView> RegisterAsync(ActionRequest request, TicketIntake intake, CancellationToken cancellationToken) =>
        RegisterAsync(request, intake, null, cancellationToken);

    /// <summary>
    /// Registers a ticket and, when <paramref name="then"/> is given, applies that action to the new ticket in the same
    /// unit of work (a direct answer at intake): both are committed, or neither. A retry replays the registration.
    /// </summary>
    public async Task<TicketView> RegisterAsync(ActionRequest request, TicketIntake intake, Func<Ticket, ActionContext, TicketEvent>? then,
        CancellationToken cancellationToken)
    {
        var (actor, key) = Authorize(request, HotlineAction.Register);
        using var place = await EnterAsync(cancellationToken);
        ActionProfile.Enter(ActionPhase.Loading);
        var tenant = await TenantAsync(cancellationToken);
        var rules = await store.RulesAsync(tenant, cancellationToken);
        workflows.Know(tenant, rules);
        // The number is taken inside the transaction: on SQLite it is part of it.
        await unitOfWork.BeginAsync(cancellationToken);
        // The instances the registration starts (the lifecycle, the watch of its first clock) go in one round trip.
        unitOfWork.StageWorkflowSaves();
        ActionProfile.Enter(ActionPhase.Domain);
        var context = rules.Act(actor, time.GetUtcNow(), key, request.RequestHash);
        var ticket = await store.RegisterAsync(tenant, context, intake, cancellationToken);
        var registered = unitOfWork.Domain.Entry(ticket).State == EntityState.Added;
        RequireSameRequest(registered ? null : ticket.Events[0], request);
        if (registered)
        {
            // A new ticket: its registration starts the workflows that trigger on it (the lifecycle), or is refused.
            workflows.TrackNew(ticket);
            ActionProfile.Enter(ActionPhase.Workflow);
            await workflows.AdvanceAsync(ticket, ticket.Events[0], actor, cancellationToken);
            if (then is not null)
            {
                var next = then(ticket, context with { IdempotencyKey = key + "/then" });
                await workflows.AdvanceAsync(ticket, next, actor, cancellationToken);
            }
        }

        ActionProfile.Enter(ActionPhase.Persistence);
        await store.SaveOrFailUnitAsync(cancellationToken);
        await unitOfWork.CommitSavedAsync(cancellationToken);
        return await ViewAsync(ticket, tenant, rules.Calendar, cancellationToken);
    }

    /// <summary>
    /// Applies one action to ticket <c>number</c>. Of <c>actions</c>, the permissions that allow this step, the first
    /// one the user holds is used (a return decision is the escalation reviewer's in HSB, the centre reviewer's elsewhere).
    /// </summary>
    public Task<TicketView> ActAsync(
        ActionRequest request,
        string number,
        IReadOnlyList<HotlineAction> actions,
        Func<Ticket, ActionContext, TicketEvent?> apply,
        CancellationToken cancellationToken) =>
        ActAsync(request, number, actions, (ticket, context) => Task.FromResult(apply(ticket, context)), cancellationToken);

    /// <summary>As the other overload, for an action whose input needs a look-up in the same unit of work.</summary>
    public async Task<TicketView> ActAsync(
        ActionRequest request,
        string number,
        IReadOnlyList<HotlineAction> actions,
        Func<Ticket, ActionContext, Task<TicketEvent?>> apply,
        CancellationToken cancellationToken)
    {
        var action = actions.FirstOrDefault(a => ActionPermissions.RolesFor(a).Any(user.IsInRole), actions[0]);
        var (actor, key) = Authorize(request, action);
        using var place = await EnterAsync(cancellationToken);
        ActionProfile.Enter(ActionPhase.Loading);
        var tenant = await TenantAsync(cancellationToken);
        var rules = await store.RulesAsync(tenant, cancellationToken);
        workflows.Know(tenant, rules);
        // Read and decide before taking the write lock (SQLite's one writer; PostgreSQL's row lock, held to the commit),
        // so the lock is held only to write. Inside it, the revisions of the tickets it read (a merge reads two) say whether
        // the decision still stands;
        // if someone acted meanwhile it is taken again on the ticket as it is now, which nobody else can change any more.
        var decision = await DecideAsync(request, tenant.Id, rules, number, actor, key, apply, cancellationToken);
        var ticket = decision.Ticket;
        try
        {
            // The ticket's workflows run before the lock too; their writes wait in the unit of work.
            // A closing action cancels the ticket's watchers, which only runs in the transaction: not tried before it.
            var tried = decision.Taken is { } early && !TicketWatchers.Closes(early.Action);
            var ranBefore = tried && await RunBeforeLockAsync(ticket, decision.Taken!, actor, cancellationToken);
            ActionProfile.Enter(ActionPhase.Loading);
            await unitOfWork.BeginAsync(cancellationToken);
            // On PostgreSQL the revisions are read (and the rows locked) in the round trip of the run's own checks.
            var together = ranBefore && unitOfWork.ChecksInOneRoundTrip;
            // A run that was dropped left the ticket changed in memory: decided again either way.
            var holds = together || (await RevisionsHoldAsync(cancellationToken) && (ranBefore || !tried));
            if (ranBefore)
            {
                ActionProfile.Enter(ActionPhase.Persistence);
                if (holds && await WrittenAsync(together ? RevisionChecks() : [], cancellationToken))
                {
                    workflows.Begun();
                }
                else
                {
                    // Someone moved the ticket or its workflows meanwhile: the action is taken again, wholly under the lock.
                    ActionProfile.Enter(ActionPhase.Loading);
                    unitOfWork.Discard();
                    holds = ranBefore = false;
                }
            }

            if (!holds)
            {
                unitOfWork.Domain.ChangeTracker.Clear();
                workflows.ForgetTracked();
                decision = await DecideAsync(request, tenant.Id, rules, number, actor, key, apply, cancellationToken);
                ticket = decision.Ticket;
            }

            if (!ranBefore && decision.Taken is { } taken)
            {
                // Not a replay: the ticket's workflow must expect the action, or everything is rolled back.
                ActionProfile.Enter(ActionPhase.Workflow);
                await workflows.AdvanceAsync(ticket, taken, actor, cancellationToken);
            }

            ActionProfile.Enter(ActionPhase.Persistence);
            await store.SaveOrFailUnitAsync(cancellationToken);
            await unitOfWork.CommitSavedAsync(cancellationToken);
        }
        catch (Exception e) when (e is WorkflowConcurrencyException || IsLostRace(e))
        {
            // A timer moved one of the ticket's workflows on meanwhile, or PostgreSQL broke a deadlock between this
            // action and a timer by aborting this one; the transaction is rolled back whole.
            throw new TicketRuleViolation(ErrorCodes.ConcurrencyConflict,
                $"Ticket {number}'s workflow moved on while this action ran; reload it and try again.");
        }
        return await ViewAsync(ticket, tenant, rules.Calendar, cancellationToken);
    }

    /// <summary>
    /// Runs the ticket's workflows for <paramref name="taken"/> before the write lock, their saves kept in the unit of work
    /// for <see cref="WrittenAsync"/>. False when the run reached a step that can only run in the transaction (a closing
    /// ticket's watchers cancelled, say) or no workflow expected the action: the run is dropped and the action is decided
    /// again under the lock, where a stale decision is a conflict and a refusal is confirmed.
    /// </summary>
    private async Task<bool> RunBeforeLockAsync(Ticket ticket, TicketEvent taken, TicketActor actor, CancellationToken cancellationToken)
    {
        unitOfWork.DeferWrites();
        try
        {
            ActionProfile.Enter(ActionPhase.Workflow);
            await workflows.AdvanceAsync(ticket, taken, actor, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is DeferredRunUnsupportedException or TicketRuleViolation { Code: ErrorCodes.StepNotExpected })
        {
            // Not expected by workflows read outside the lock may only mean another action (on another node, say) took
            // the step since the decision: the refusal is confirmed, or the conflict found, under the lock.
            unitOfWork.Discard();
            return false;
        }
    }

    /// <summary>
    /// Under the lock, the ticket revisions held: writes the run's saves if what it read still stands. When an instance
    /// moved in between (its write found another revision), the transaction is rolled back and begun again.
    /// </summary>
    private async Task<bool> WrittenAsync(IReadOnlyList<LockedCheck> revisions, CancellationToken cancellationToken)
    {
        try
        {
            return await unitOfWork.WriteDeferredAsync(revisions, cancellationToken);
        }
        catch (Exception e) when (e is WorkflowConcurrencyException || IsLostRace(e))
        {
            await unitOfWork.RollbackAsync(cancellationToken);
            ActionProfile.Enter(ActionPhase.Loading);
            await unitOfWork.BeginAsync(cancellationToken);
            return false;
        }
    }

    /// <summary>
    /// Inside the write transaction: whether every ticket the decision read (the action's, a merge's main ticket) is still
    /// at the revision it was read at. On PostgreSQL each row stays locked to the commit, taken in number order.
    /// </summary>
    private async Task<bool> RevisionsHoldAsync(CancellationToken cancellationToken)
    {
        foreach (var (ticket, revision) in workflows.TrackedRevisions())
        {
            if (await store.LockRevisionAsync(ticket.TenantId, ticket.Number, cancellationToken) != revision)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <see cref="RevisionsHoldAsync"/> as checks the unit sends with the run's own in one round trip (PostgreSQL), in the
    /// same order: each row locked, and its revision the one read.
    /// </summary>
    private IReadOnlyList<LockedCheck> RevisionChecks() =>
        [.. workflows.TrackedRevisions().Select(tracked =>
        {
            var (sql, parameters) = store.LockRevisionStatement(tracked.Ticket.TenantId, tracked.Ticket.Number);
            return new LockedCheck(sql, parameters, async (reader, cancellationToken) =>
                await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == tracked.Revision);
        })];

    /// <summary>
    /// Loads the ticket and applies the action to it in memory: the replay and revision checks, the domain method, and
    /// the checks on the units and attachments it put on the ticket. <c>Taken</c> is the event the ticket's workflows
    /// must expect, null for a replay. The tickets it read are tracked with their revisions (<see cref="RevisionsHoldAsync"/>).
    /// </summary>
    private async Task<(Ticket Ticket, TicketEvent? Taken)> DecideAsync(
        ActionRequest request,
        string tenantId,
        TenantRules rules,
        string number,
        TicketActor actor,
        string key,
        Func<Ticket, ActionContext, Task<TicketEvent?>> apply,
        CancellationToken cancellationToken)
    {
        var ticket = await store.FindByNumberAsync(tenantId, number, cancellationToken)
            ?? throw new TicketRuleViolation(ErrorCodes.NotFound, $"There is no ticket {number}.");
        // A retry of an applied action (same key) replays its result even though it moved the ticket past the
        // revision it was sent with; only someone else's action makes the client's revision stale.
        var seen = ticket.Events.FirstOrDefault(e => e.IdempotencyKey == key);
        RequireSameRequest(seen, request);
        if (seen is null && request.ExpectedRevision is { } expected && expected != ticket.Revision)
        {
            throw new TicketRuleViolation(ErrorCodes.ConcurrencyConflict,
                $"Ticket {number} is at revision {ticket.Revision}, not {expected}: someone else acted first. Reload it and try again.");
        }

        workflows.Track(ticket);
        ActionProfile.Enter(ActionPhase.Domain);
        var before = ticket.Events.Count;
        var assignedBefore = ticket.Assignments.Count;
        if (await apply(ticket, rules.Act(actor, time.GetUtcNow(), key, request.RequestHash)) is not { } taken || taken.Sequence <= before)
        {
            return (ticket, null);
        }

        // The units this action put on the ticket (dispatch, redispatch, co-units, countersign parts) must be the
        // tenant's own and active; a refusal here saves nothing, as the request's changes are never committed.
        await units.RequireUsableAsync(tenantId, ticket.Assignments.Skip(assignedBefore).Select(a => a.UnitId), cancellationToken);
        await attachments.RequireUploadedAsync(ticket, ticket.Events.Skip(before), cancellationToken);
        return (ticket, taken);
    }

    /// <summary>
    /// A key seen before must come with the same request (method, path, body) as the first time: then it is a retry and
    /// replays; otherwise the client reused a key for something else, which is refused rather than answered with the
    /// first result. Events stored without a hash (the workbench's, older ones) fall back to the domain's action check.
    /// </summary>
    private static void RequireSameRequest(TicketEvent? seen, ActionRequest request)
    {
        if (seen?.RequestHash is { } stored && request.RequestHash is { } sent && stored != sent)
        {
            throw new TicketRuleViolation(ErrorCodes.IdempotencyKeyReused,
                $"The {IdempotencyHeader} '{request.IdempotencyKey}' was already used for a different request ({seen.Action}); use a new key for a new request.");
        }
    }

    /// <summary>A deadlock victim (40P01) or a serialization failure (40001): the database's word for a lost race.</summary>
    private static bool IsLostRace(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            // A deadlock or serialisation failure, or another action saved a ticket this unit also changed (a merge's main ticket).
            if (e is System.Data.Common.DbException { SqlState: "40P01" or "40001" } or DbUpdateConcurrencyException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ticket of the user's tenant, or null; unit staff only see tickets of their unit.</summary>
    public async Task<TicketView?> ReadAsync(string number, CancellationToken cancellationToken)
    {
        var tenant = await TenantAsync(cancellationToken);
        var ticket = await store.FindByNumberAsync(tenant.Id, number, cancellationToken);
        if (ticket is null || !CanSee(ticket))
        {
            return null;
        }

        return await ViewAsync(ticket, tenant, (await store.RulesAsync(tenant, cancellationToken)).Calendar, cancellationToken);
    }

    /// <summary>
    /// One field of the caller, unmasked, for a reader the privacy rules allow (HK-PRV-1, HL-PRV-1, QU-PRV-1); the read
    /// is audited before the value is returned. Null when the ticket is not the reader's to see.
    /// </summary>
    public async Task<string?> RevealCallerAsync(string number, PersonalDataField field, string purpose, CancellationToken cancellationToken)
    {
        var ticket = await store.FindByNumberAsync(user.TenantId, number, cancellationToken);
        if (ticket is null || !CanSee(ticket))
        {
            return null;
        }

        var value = field switch
        {
            PersonalDataField.Name => ticket.Caller.Name,
            PersonalDataField.Phone => ticket.Caller.Phone,
            PersonalDataField.Address => ticket.Caller.Address,
            _ => throw new TicketRuleViolation(ErrorCodes.InputMissing, $"A ticket's caller has no {field}."),
        };
        var subject = new PersonalDataSubject(ticket.TenantId, ticket.Number, ticket.Lead?.UnitId.ToString());
        return await disclosure.RevealAsync(user, subject, new PersonalData(field, value ?? ""), purpose, cancellationToken);
    }

    /// <summary>
    /// The unit's overdue tickets this calendar year (Asia/Shanghai) besides <paramref name="ticket"/>: the count the
    /// interview level escalates on (QU-INT-1, counted per A-17).
    /// </summary>
    public Task<int> PriorOverduesThisYearAsync(Ticket ticket, Guid unitId, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.OverdueTicketCountAsync(ticket.TenantId, unitId, TimeZoneInfo.ConvertTime(now, ShanghaiTime.Zone).Year, ticket.Id, cancellationToken);

    private bool CanSee(Ticket ticket) => TicketVisibility.Sees(user, ticket);

    private (TicketActor Actor, string Key) Authorize(ActionRequest request, HotlineAction action)
    {
        // Nullable: the enum's default is a real role (Dispatcher) and must not stand for "none".
        var role = ActionPermissions.RolesFor(action).Cast<HotlineRole?>().FirstOrDefault(r => user.IsInRole(r!.Value));
        if (!user.IsAuthenticated || role is null)
        {
            throw new AccessDeniedException(
                $"{action} is for {string.Join(", ", ActionPermissions.RolesFor(action))}; {user} holds none of these roles.");
        }

        var key = request.IdempotencyKey;
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing,
                $"Every action needs an {IdempotencyHeader} header (1–100 characters), so a retry never applies twice.");
        }

        return (user.ActingAs(role.Value), key);
    }

    /// <summary>
    /// A place among the actions running at once on this node, in the tenant's turn (<see cref="ActionAdmission"/>): held
    /// from the first read to the response's view, all of it work on this node's cores.
    /// </summary>
    private ValueTask<ActionPlace> EnterAsync(CancellationToken cancellationToken)
    {
        ActionProfile.Enter(ActionPhase.Admission);
        return admission.EnterAsync(user.TenantId, cancellationToken);
    }

    /// <summary>The user's tenant row: as the request's session check read it, or read now (an API key, say).</summary>
    private async Task<Tenant> TenantAsync(CancellationToken cancellationToken) =>
        signedIn.Find(user.TenantId)
        ?? await store.TenantAsync(user.TenantId, cancellationToken)
        ?? throw new AccessDeniedException($"Tenant '{user.TenantId}' is not configured.");

    /// <summary>The ticket as a GET shows it; the unit names as kept for the tenant row this request read (<see cref="UnitNameCache"/>).</summary>
    internal async Task<TicketView> ViewAsync(Ticket ticket, Tenant tenant, WorkingDayCalendar calendar, CancellationToken cancellationToken)
    {
        ActionProfile.Enter(ActionPhase.View);
        var unitIds = ticket.Assignments.Select(a => a.UnitId).Concat(ticket.Clocks.Where(c => c.UnitId != null).Select(c => c.UnitId!.Value)).Distinct().ToArray();
        // A ticket not yet dispatched names no unit: no statement for its names.
        var names = unitIds.Length == 0
            ? new Dictionary<Guid, string>()
            : await store.UnitNamesAsync(tenant, unitIds, cancellationToken);
        var view = TicketView.From(ticket, calendar, time.GetUtcNow(), names, await workflows.InstancesAsync(ticket, cancellationToken));
        view = view with { Requests = view.Requests with { AwaitedActions = await workflows.AwaitedActionsAsync(ticket, cancellationToken) } };
        ActionProfile.Enter(ActionPhase.Response);
        return view;
    }
}
