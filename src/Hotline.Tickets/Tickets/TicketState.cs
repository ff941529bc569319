namespace Hotline.Tickets.Tickets;

/// <summary>Where a ticket stands in its lifecycle (工单状态).</summary>
public enum TicketState
{
    /// <summary>受理: recorded by the centre, not yet dispatched.</summary>
    Registered,

    /// <summary>不予受理: out of scope; the caller was told the right channel.</summary>
    Rejected,

    /// <summary>即时转至 110/119/120/122 (§5.7).</summary>
    Redirected,

    /// <summary>派单: waiting for the unit to sign.</summary>
    Dispatched,

    /// <summary>办理: signed (or deemed signed) and being handled.</summary>
    Handling,

    /// <summary>退办: a return was approved; waiting for redispatch.</summary>
    Returned,

    /// <summary>办结: the unit replied; waiting for the centre's review.</summary>
    Replied,

    /// <summary>审核通过: waiting for the revisit.</summary>
    Completed,

    /// <summary>回访不满意: waiting for redo, screening or appeal.</summary>
    Dissatisfied,

    /// <summary>甄别 / 申诉 in progress.</summary>
    Screening,

    /// <summary>Ready to be archived (satisfied, screened, or lapsed).</summary>
    Closed,

    /// <summary>终结办理 (HL-TRM-1, QU-TRM-1).</summary>
    Terminated,

    /// <summary>归档.</summary>
    Archived,

    /// <summary>并单: a duplicate merged into a main ticket, which answers for it; closed unless unmerged.</summary>
    Merged,
}

/// <summary>满意度评价.</summary>
public enum SatisfactionRating
{
    Satisfied,
    Neutral,
    Dissatisfied,
}

/// <summary>解决情况 (HL-RPL-5, §5.5).</summary>
public enum ResolutionType
{
    /// <summary>实际解决.</summary>
    Resolved,

    /// <summary>解释说明.</summary>
    Explained,

    /// <summary>参考备案.</summary>
    NotedForReference,

    /// <summary>未解决.</summary>
    Unresolved,
}
