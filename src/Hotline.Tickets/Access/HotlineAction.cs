namespace Hotline.Tickets.Access;

/// <summary>
/// The actions a role may be allowed (操作权限), one per lifecycle action in rules.md §1.2 and §6,
/// plus the administrative ones. The ticket domain checks state and policy; this vocabulary says
/// only who may try.
/// </summary>
public enum HotlineAction
{
    ReadTickets,
    Register,
    Reject,
    RedirectEmergency,
    Dispatch,
    Redispatch,
    Sign,
    FirstContact,
    RequestReturn,
    SignOffReturn,
    ReviewReturn,
    DecideEscalatedReturn,
    AddCoUnit,
    GiveCoUnitOpinion,
    RequestExtension,
    SignOffExtension,
    DecideExtension,
    Reply,
    ReviewReply,
    Revisit,
    Redo,
    ApplyForScreening,
    DecideScreening,
    Supervise,
    Interview,
    ReferToDiscipline,
    RequestTermination,
    DecideTermination,
    Archive,

    /// <summary>并单 and 撤销并单: merge a duplicate into a main ticket, or undo it.</summary>
    MergeTickets,
    ReadAssessment,
    ReadAudit,
    DesignWorkflows,
    ManageUsers,
    ManageApiKeys,
    ManageCalendar,
    ManageUnits,
    RateUnits,

    /// <summary>知识库: read and search the published articles (and, by role, drafts).</summary>
    ReadKnowledge,

    /// <summary>Write and submit articles: a unit's own (QU-GEN-3), or the centre's.</summary>
    EditKnowledge,

    /// <summary>Review: publish or send back a submitted article (the centre).</summary>
    PublishKnowledge,

    /// <summary>Withdraw an article for good (the centre, or the owning unit's leader).</summary>
    RetireKnowledge,
}
