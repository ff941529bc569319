using Hotline.Tickets.Calendar;
using Hotline.Tickets.Policies;

namespace Hotline.Tickets.Tickets;

/// <summary>The rules a tenant's tickets run under: its effective policy and its working-day calendar.</summary>
public sealed record TenantRules(PolicyProfile Policy, WorkingDayCalendar Calendar)
{
    public ActionContext Act(TicketActor actor, DateTimeOffset now, string idempotencyKey, string? requestHash = null) =>
        new(actor, now, idempotencyKey, this, requestHash);
}

/// <summary>
/// The explicit inputs of every ticket action: who, in which role, at what time (from the caller's
/// <see cref="TimeProvider"/>), under which idempotency key, and the tenant's rules. <see cref="RequestHash"/> is the
/// hash of the client's request when it came over HTTP, stored with the event to tell a retry from a reused key.
/// </summary>
public sealed record ActionContext(TicketActor Actor, DateTimeOffset Now, string IdempotencyKey, TenantRules Rules, string? RequestHash = null)
{
    public PolicyProfile Policy => Rules.Policy;
    public WorkingDayCalendar Calendar => Rules.Calendar;
}
