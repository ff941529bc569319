using Hotline.Application.Queues;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// A ticket as its page (工单详情) reads it, through <see cref="TicketActionRunner"/>: the same visibility as
/// <c>GET /api/tickets/{number}</c> and the same audited caller reveal, in a scope of its own with the circuit's user.
/// </summary>
public sealed class TicketReader(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The ticket of the user's tenant, or null when there is none or it is not theirs to see.</summary>
    public async Task<TicketSheet?> ReadAsync(CurrentUser user, string number, CancellationToken cancellationToken)
    {
        if (!user.IsAllowed(HotlineAction.ReadTickets))
            return null;
        await using var scope = scopes.OpenFor(user);
        var view = await Runner(scope, user).ReadAsync(number, cancellationToken);
        if (view is null)
            return null;
        var actorIds = view.Timeline.Select(e => e.ActorId).Distinct().ToList();
        var actors = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<User>().AsNoTracking()
            .Where(u => u.TenantId == user.TenantId && actorIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return Sheet(view, actors, time.GetUtcNow());
    }

    /// <summary>
    /// One caller field unmasked; the read is recorded (<see cref="PersonalDataAccess"/>) before the value is returned.
    /// Null when the ticket is not the user's to see.
    /// </summary>
    /// <exception cref="PersonalDataAccessDeniedException">The user's roles may not see this field.</exception>
    public async Task<string?> RevealCallerAsync(CurrentUser user, string number, PersonalDataField field, string purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        return await Runner(scope, user).RevealCallerAsync(number, field, purpose, cancellationToken);
    }

    internal static TicketActionRunner Runner(AsyncServiceScope scope, CurrentUser user) =>
        ActivatorUtilities.CreateInstance<TicketActionRunner>(scope.ServiceProvider, user);

    internal static TicketSheet Sheet(TicketView view, IReadOnlyDictionary<string, string> actors, DateTimeOffset now)
    {
        var units = view.Units.ToDictionary(u => u.UnitId, u => u.UnitName);
        return new TicketSheet(
            view.Number,
            Enum.Parse<TicketState>(view.State),
            view.Channel,
            Enum.Parse<TicketCategory>(view.Category),
            view.Urgency,
            view.HandlingClass,
            view.Location,
            view.Content,
            new CallerSheet(view.Caller.Name, view.Caller.Phone, view.Caller.Address, view.Caller.ConcealedIdentity, view.Caller.DeclinedReply),
            view.RegisteredAt,
            view.RedirectedTo,
            view.Resolution,
            view.Satisfaction,
            view.RedoCount,
            view.Units.Select(u => new UnitLine(u.UnitId, u.UnitName, u.Role, u.Active, u.ReceivedAt, u.SignedAt, u.DeemedSigned)).ToList(),
            view.Clocks.Select(c => new ClockLine(
                c.Kind, c.UnitName, c.StartedAt, c.DueAt, c.StoppedAt, c.Running, c.Overdue, c.RemainingWorkingTime,
                c.Running ? DeadlineLights.Of(new ClockTimes(c.StartedAt, c.DueAt, c.WarningAt, c.Overdue), now) : c.Overdue ? DeadlineLight.Overdue : DeadlineLight.Normal,
                c.RuleId)).ToList(),
            view.Timeline.Select(e => new TimelineEntry(
                e.Sequence, e.Action, e.ActorId, actors.GetValueOrDefault(e.ActorId, e.ActorId), e.Role, e.UnitId is { } id ? units.GetValueOrDefault(id, id.ToString()) : null, e.At, e.Reason, e.RuleIds, e.Data)
                { Attachments = e.Attachments }).ToList(),
            view.Revision,
            view.WorkflowInstanceId) { Awaits = view.Requests.AwaitedActions, MergedInto = view.MergedInto, MergedDuplicates = view.MergedDuplicates };
    }
}
