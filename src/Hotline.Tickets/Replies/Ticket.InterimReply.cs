using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>
    /// HSB-EXT-3: a ticket still open after the profile's number of approved extensions is answered with its interim
    /// status, why it cannot be finished, the follow-up plan and what the caller was told; refused otherwise.
    /// </summary>
    private void CheckInterimReply(ActionContext context, Replies.ReplyContent content, Guid unitId)
    {
        if (context.Policy.Extensions.InterimReplyAfter is not { } after
            || _extensions.Count(e => e.UnitId == unitId && e.Status == RequestStatus.Approved) < after)
        {
            return;
        }

        var missing = new (string? Value, string What)[]
            {
                (content.InterimResult, "interimResult (the interim status)"),
                (content.UnfinishedReason, "unfinishedReason (why it cannot be finished)"),
                (content.FollowUpPlan, "followUpPlan"),
                (content.CallerNotice, "callerNotice (what the caller was told)"),
            }
            .Where(f => string.IsNullOrWhiteSpace(f.Value))
            .Select(f => f.What)
            .ToList();
        if (missing.Count > 0)
        {
            throw Refusal(context, ErrorCodes.ReplyInterimMissing,
                $"After {after} extensions the reply states {string.Join(", ", missing)}.");
        }
    }
}
