using Hotline.Tickets.Policies;

namespace Hotline.Tickets.Supervision;

/// <summary>How a supervision is carried out (HSB-SUP-1, HL-SUP-3).</summary>
public enum SupervisionForm
{
    Phone,
    Online,
    Written,
    OnSite,
    Meeting,
}

/// <summary>督办 / 催办: the form, the grounds (the profile's triggers or others), the body and an optional deadline.</summary>
public sealed record SupervisionNotice(
    SupervisionForm Form,
    IReadOnlyList<string> Grounds,
    string Text,
    string? Body = null,
    DateTimeOffset? DueAt = null);

/// <summary>
/// 约谈层级: the level a unit's interview is held at. QU-INT-1 gives it by count: the first overdue ⇒ the county
/// Administrative Approval Bureau, the second ⇒ the discipline commission; a third or later repeats the last level
/// and is flagged as not stated. Counted per unit and calendar year, one per ticket.
/// </summary>
public static class InterviewLevels
{
    /// <summary>The level for a unit that already had <paramref name="priorOverdues"/> overdue tickets this year; <c>null</c> if the profile gives none.</summary>
    public static string? For(PolicyProfile policy, int priorOverdues)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var levels = policy.Supervision.InterviewLevels;
        return levels.Count == 0 ? null : levels[Math.Min(priorOverdues, levels.Count - 1)];
    }

    /// <summary>Whether the count goes past what the regulation states .</summary>
    public static bool BeyondStated(PolicyProfile policy, int priorOverdues)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Supervision.InterviewLevels.Count > 0 && priorOverdues >= policy.Supervision.InterviewLevels.Count;
    }
}
