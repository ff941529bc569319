namespace Hotline.Tickets.Tickets;

/// <summary>
/// The role an actor acts in (rules.md §6). The names are those of the access model's <c>HotlineRole</c>, so
/// <c>Enum.Parse</c> bridges the two.
/// </summary>
public enum TicketRole
{
    /// <summary>System: timers and workflow steps acting on the ticket's own clocks.</summary>
    System,

    /// <summary>派单员: the centre's dispatcher.</summary>
    Dispatcher,

    /// <summary>审核员: the centre's reviewer (also records the city centre's decisions).</summary>
    Reviewer,

    /// <summary>承办单位联络员: a unit's handler.</summary>
    UnitHandler,

    /// <summary>承办单位领导: a unit's leader.</summary>
    UnitLeader,

    /// <summary>提级退办审核: HSB's BurdenReductionMechanism.</summary>
    EscalationReviewer,

    /// <summary>督办: supervision and interviews.</summary>
    Supervisor,

    /// <summary>纪委监委联络: discipline referrals.</summary>
    DisciplineLiaison,

    ProcessOwner,
    Auditor,
    Admin,
}

/// <summary>Who acts: a user, the role they act in, and the unit they act for when they belong to one.</summary>
public sealed record TicketActor(string UserId, TicketRole Role, Guid? UnitId = null)
{
    public static TicketActor System { get; } = new("system", TicketRole.System);
}
