using System.Collections.Frozen;

namespace Hotline.Tickets.Access;

/// <summary>
/// Which roles the regulations give each action (rules.md §6). Where the profiles differ, the
/// table holds the union and the ticket domain narrows it by profile: return review is the
/// escalation reviewer's in HSB (<see cref="HotlineAction.DecideEscalatedReturn"/>) and the
/// centre reviewer's elsewhere; termination is decided by the centre in HL and by the unit's
/// leader in QU.
/// </summary>
public static class ActionPermissions
{
    private static readonly FrozenDictionary<HotlineAction, FrozenSet<HotlineRole>> Table = Build();

    /// <summary>The roles allowed <paramref name="action"/>.</summary>
    public static IReadOnlySet<HotlineRole> RolesFor(HotlineAction action) =>
        Table.TryGetValue(action, out var roles) ? roles : throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action.");

    public static bool IsAllowed(this CurrentUser user, HotlineAction action)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsAuthenticated && user.IsInAnyRole(RolesFor(action));
    }

    private static FrozenDictionary<HotlineAction, FrozenSet<HotlineRole>> Build()
    {
        const HotlineRole dispatcher = HotlineRole.Dispatcher, reviewer = HotlineRole.Reviewer, handler = HotlineRole.UnitHandler,
            leader = HotlineRole.UnitLeader, escalation = HotlineRole.EscalationReviewer, supervisor = HotlineRole.Supervisor,
            discipline = HotlineRole.DisciplineLiaison, owner = HotlineRole.ProcessOwner, auditor = HotlineRole.Auditor, admin = HotlineRole.Admin;

        var table = new Dictionary<HotlineAction, HotlineRole[]>
        {
            // Units read their own unit's tickets; the ticket queries narrow by unit code.
            [HotlineAction.ReadTickets] = [dispatcher, reviewer, handler, leader, escalation, supervisor, discipline, auditor],
            // Centre intake: HSB-DSP-1, QU-DSP-1, HK-DSP-1, HSB-EMG-1.
            [HotlineAction.Register] = [dispatcher],
            [HotlineAction.Reject] = [dispatcher],
            [HotlineAction.RedirectEmergency] = [dispatcher],
            [HotlineAction.Dispatch] = [dispatcher],
            [HotlineAction.Redispatch] = [dispatcher],
            [HotlineAction.AddCoUnit] = [dispatcher],
            // The unit's liaison acts; leaders may act for their unit too.
            [HotlineAction.Sign] = [handler, leader],
            [HotlineAction.FirstContact] = [handler, leader],
            [HotlineAction.RequestReturn] = [handler, leader],
            [HotlineAction.GiveCoUnitOpinion] = [handler, leader],
            [HotlineAction.RequestExtension] = [handler, leader],
            [HotlineAction.Reply] = [handler, leader],
            [HotlineAction.ApplyForScreening] = [handler, leader],
            [HotlineAction.RequestTermination] = [handler, leader],
            // Leader sign-offs: HL return (deputy), HL-EXT-2 (head), HK return and appeal (head).
            [HotlineAction.SignOffReturn] = [leader],
            [HotlineAction.SignOffExtension] = [leader],
            // Centre review: HL/QU/HK return review, reply review, revisit, screening initial review.
            [HotlineAction.ReviewReturn] = [reviewer],
            [HotlineAction.DecideEscalatedReturn] = [escalation],
            [HotlineAction.DecideExtension] = [reviewer],
            [HotlineAction.ReviewReply] = [reviewer],
            [HotlineAction.Revisit] = [reviewer],
            [HotlineAction.Redo] = [reviewer],
            [HotlineAction.DecideScreening] = [reviewer],
            // HL: the centre approves termination (HL-TRM-1); QU: the unit decides (QU-TRM-1).
            [HotlineAction.DecideTermination] = [reviewer, leader],
            [HotlineAction.Archive] = [reviewer],
            // 并单: the regulations are silent; the centre's dispatcher (at intake) or reviewer merges (docs/rules.md §9).
            [HotlineAction.MergeTickets] = [dispatcher, reviewer],
            // §5.4 supervision and interviews; §5.8 discipline referral by the dispatcher, received by the liaison.
            [HotlineAction.Supervise] = [supervisor],
            [HotlineAction.Interview] = [supervisor],
            [HotlineAction.ReferToDiscipline] = [dispatcher, discipline],
            [HotlineAction.ReadAssessment] = [reviewer, supervisor, auditor, leader],
            [HotlineAction.RateUnits] = [supervisor],
            [HotlineAction.ReadAudit] = [auditor],
            [HotlineAction.DesignWorkflows] = [owner],
            [HotlineAction.ManageUsers] = [admin],
            [HotlineAction.ManageApiKeys] = [admin],
            [HotlineAction.ManageCalendar] = [admin],
            [HotlineAction.ManageUnits] = [admin],
            // 知识库 (WZ-DSP-1, WZ-GEN-3, QU-GEN-3): the regulations name no roles. Default (docs/knowledge.md): whoever reads
            // tickets reads it; units keep their own entries (谁提供、谁负责、谁更新), the centre's reviewer keeps the centre's
            // and reviews, publishes and retires; a unit leader may retire their unit's entries.
            [HotlineAction.ReadKnowledge] = [dispatcher, reviewer, handler, leader, escalation, supervisor, discipline, auditor],
            [HotlineAction.EditKnowledge] = [handler, leader, reviewer],
            [HotlineAction.PublishKnowledge] = [reviewer],
            [HotlineAction.RetireKnowledge] = [reviewer, leader],
        };
        var missing = Enum.GetValues<HotlineAction>().Except(table.Keys).ToArray();
        if (missing.Length > 0)
            throw new InvalidOperationException($"No roles given for {string.Join(", ", missing)}.");
        return table.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet());
    }
}
