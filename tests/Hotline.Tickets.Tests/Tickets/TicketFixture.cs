using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Tests.Tickets;

/// <summary>
/// Drives one ticket under one profile on a fixed clock: each step names the actor and the local time
/// (Asia/Shanghai), and gets a fresh idempotency key unless the test passes one.
/// </summary>
internal sealed class TicketFixture
{
    public static readonly Guid UnitA = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    public static readonly Guid UnitB = Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002");
    public static readonly Guid UnitC = Guid.Parse("cccccccc-0000-0000-0000-000000000003");

    private int _keys;

    public TicketFixture(string profile, string? overrides = null)
    {
        Rules = new TenantRules(PolicyCatalog.BuiltIn.Effective(profile, overrides).Policy, WorkingDayCalendar.China);
    }

    public TenantRules Rules { get; }
    public Ticket Ticket { get; private set; } = null!;

    /// <summary>A local (UTC+8) time, e.g. <c>At("2025-09-26 15:00")</c>.</summary>
    public static DateTimeOffset At(string local) =>
        DateTimeOffset.ParseExact(local + " +08:00", "yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    public ActionContext As(HotlineRole role, string at, Guid? unit = null, string? key = null) =>
        Rules.Act(new TicketActor(role.ToString().ToLowerInvariant(), role, unit), At(at), key ?? $"k{++_keys}");

    public ActionContext Dispatcher(string at) => As(HotlineRole.Dispatcher, at);
    public ActionContext Reviewer(string at) => As(HotlineRole.Reviewer, at);
    public ActionContext Unit(string at, Guid? unit = null) => As(HotlineRole.UnitHandler, at, unit ?? UnitA);
    public ActionContext Timer(string at) => Rules.Act(TicketActor.System, At(at), $"sys{++_keys}");

    public TicketFixture Register(string at, TicketCategory category, TicketUrgency urgency = TicketUrgency.Normal,
        string channel = "phone", bool corruption = false, Caller? caller = null)
    {
        Ticket = Ticket.Register(Dispatcher(at), Rules.Policy.Code.ToLowerInvariant(), $"{Rules.Policy.Code}-TEST-0001",
            new TicketIntake(channel, caller ?? new Caller("张三", "13800000000", "红寺堡区"), category, "路灯不亮", urgency, CorruptionRelated: corruption));
        return this;
    }

    public TicketFixture Dispatch(string at, HandlingClass handlingClass = HandlingClass.Ordinary, DateTimeOffset? dueAt = null, params Guid[] coUnits)
    {
        Ticket.Dispatch(Dispatcher(at), new DispatchOrder(UnitA, coUnits, handlingClass, dueAt));
        return this;
    }

    public TicketFixture Sign(string at)
    {
        Ticket.Sign(Unit(at));
        return this;
    }

    public DateTimeOffset Due(DeadlineKind kind, Guid? unit = null) =>
        (Ticket.Clock(kind, unit) ?? throw new InvalidOperationException($"No running {kind} clock.")).DueAt;

    /// <summary>Asserts the refusal's code and rule ID, and that the ticket did not change.</summary>
    public TicketRuleViolation Refused(string code, string? ruleId, Action action)
    {
        var revision = Ticket.Revision;
        var events = Ticket.Events.Count;
        var state = Ticket.State;
        var dues = Ticket.Clocks.Select(c => (c.DueAt, c.StoppedAt)).ToList();
        var error = Assert.Throws<TicketRuleViolation>(action);
        Assert.Equal(code, error.Code);
        if (ruleId is not null)
        {
            Assert.Contains(ruleId, error.RuleIds);
        }

        Assert.Equal((revision, events, state), (Ticket.Revision, Ticket.Events.Count, Ticket.State));
        Assert.Equal(dues, Ticket.Clocks.Select(c => (c.DueAt, c.StoppedAt)).ToList());
        return error;
    }
}
