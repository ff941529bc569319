using Hotline.Tickets.Access;
using Hotline.Tickets.Merging;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Intake;

/// <summary>
/// 来电历史: the earlier tickets of one caller phone in the user's tenant, for the desk that takes the call (dispatchers)
/// and the reviewers who merge duplicates. Finding a ticket by its caller's phone discloses that caller's data, so
/// each ticket returned is recorded as a <see cref="PersonalDataAccess"/> of the phone, with the purpose, and committed
/// before the rows are returned (as the reveal and the audit search do). A look-up that finds nothing records nothing.
/// </summary>
public sealed class CallerHistory(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The newest this many tickets are shown: a caller with more is a regular the desk knows.</summary>
    public const int MaxTickets = 50;

    /// <summary>Dispatchers take calls; reviewers merge duplicates. Both may read a caller's phone (PersonalDataPolicy).</summary>
    public static bool MayLookUp(CurrentUser user) =>
        user.IsAllowed(HotlineAction.Register) || user.IsAllowed(HotlineAction.MergeTickets);

    /// <exception cref="AccessDeniedException">The user's roles do not take calls or merge.</exception>
    public Task<IReadOnlyList<CallerTicket>> FindAsync(CurrentUser user, CallerPhone phone, string? purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(phone);
        Require(user);
        return ListAsync(user, phone.Digits, null, $"来电历史：{Purpose(purpose)}", cancellationToken);
    }

    /// <summary>
    /// The ticket page's 来电历史: the other tickets of this ticket's caller, found by the stored phone (which the page
    /// shows masked), audited as <see cref="FindAsync"/> is. None when the ticket is not the tenant's or has no phone.
    /// </summary>
    /// <exception cref="AccessDeniedException">The user's roles do not take calls or merge.</exception>
    public async Task<IReadOnlyList<CallerTicket>> OfTicketAsync(CurrentUser user, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(number);
        Require(user);
        string? digits;
        await using (var scope = scopes.OpenFor(user))
        {
            digits = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Tickets.AsNoTracking()
                .Where(t => t.TenantId == user.TenantId && t.Number == number).Select(t => t.Caller.PhoneDigits).FirstOrDefaultAsync(cancellationToken);
        }

        return digits is null ? [] : await ListAsync(user, digits, number, $"来电历史：工单 {number} 页面", cancellationToken);
    }

    private async Task<IReadOnlyList<CallerTicket>> ListAsync(CurrentUser user, string digits, string? except, string purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.TenantId == user.TenantId && t.Caller.PhoneDigits == digits && t.Number != except)
            .OrderByDescending(t => t.RegisteredAt)
            .Take(MaxTickets)
            .Select(t => new
            {
                t.Id,
                t.Number,
                t.State,
                t.Channel,
                t.Category,
                t.Urgency,
                t.Location,
                t.Content,
                t.RegisteredAt,
                t.Resolution,
                t.Satisfaction,
                LeadUnit = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => (Guid?)a.UnitId).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        if (tickets.Count == 0)
            return [];

        var ids = tickets.Select(t => t.Id).ToList();
        var events = await db.TicketEvents.AsNoTracking()
            .Where(e => ids.Contains(e.TicketId) && (e.Action == TicketAction.Replied || e.Action == TicketAction.Merged))
            .ToListAsync(cancellationToken);
        await RecordAsync(db, user, tickets.Select(t => (t.Number, t.LeadUnit)), purpose, cancellationToken);

        return tickets.Select(t =>
        {
            var own = events.Where(e => e.TicketId == t.Id).OrderBy(e => e.Sequence).ToList();
            return new CallerTicket(
                t.Number, t.State, t.Channel, t.Category, t.Urgency, t.Location, t.Content, t.RegisteredAt,
                t.Resolution, t.Satisfaction,
                own.LastOrDefault(e => e.Action == TicketAction.Replied)?.Reason,
                t.State == TicketState.Merged ? own.LastOrDefault(e => e.Action == TicketAction.Merged)?.Data<MergeRecord>()?.IntoTicket : null);
        }).ToList();
    }

    internal static void Require(CurrentUser user)
    {
        if (!MayLookUp(user))
            throw new AccessDeniedException($"A caller's earlier tickets are for dispatchers and reviewers; {user} is neither.");
    }

    internal static string Purpose(string? purpose) =>
        string.IsNullOrWhiteSpace(purpose) ? "受理来电" : purpose.Trim().Length > 100 ? purpose.Trim()[..100] : purpose.Trim();

    /// <summary>Records, and commits, one read of the caller phone per ticket found by it.</summary>
    internal async Task RecordAsync(HotlineDbContext db, CurrentUser user, IEnumerable<(string Number, Guid? LeadUnit)> found, string purpose, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.Set<PersonalDataAccess>().AddRange(found.Select(t => new PersonalDataAccess(
            user, new PersonalDataSubject(user.TenantId, t.Number, t.LeadUnit?.ToString()), PersonalDataField.Phone, purpose, now)));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>One earlier ticket of the caller: what it was about, where it stands, and the reply it got.</summary>
public sealed record CallerTicket(
    string Number,
    TicketState State,
    string Channel,
    TicketCategory Category,
    TicketUrgency Urgency,
    string? Location,
    string Content,
    DateTimeOffset RegisteredAt,
    ResolutionType? Resolution,
    SatisfactionRating? Satisfaction,
    string? Reply,
    string? MergedInto);
