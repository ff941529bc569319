using Hotline.Tickets.Access;
using Hotline.Tickets.Knowledge;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

/// <summary>The knowledge-base article a direct answer cites, as it stood when it was given.</summary>
public sealed record ArticleCitation(Guid ArticleId, int Version, string Title);

public sealed partial class Ticket
{
    /// <summary>The rules a direct answer applies: consultations answered by the operator from the knowledge base.</summary>
    public static readonly IReadOnlyList<string> DirectAnswerRules = ["WZ-DSP-1", "WZ-GEN-3"];

    /// <summary>
    /// 直接办结: the call taker answers an ordinary consultation at intake from a published article (WZ-DSP-1, WZ-GEN-3);
    /// the ticket closes at once, nothing is dispatched, and the citation and the answer stay on its timeline.
    /// </summary>
    public TicketEvent AnswerDirectly(ActionContext context, ArticleCitation article, string answer)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (TryReplay(context, TicketAction.AnsweredDirectly, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher);
        RequireState(context, TicketState.Registered);
        if (Category != TicketCategory.Consultation)
        {
            throw new TicketRuleViolation(ArticleViolation.NotAnswerable,
                $"Only a consultation is answered directly; ticket {Number} is a {Category}.", DirectAnswerRules);
        }

        RequireText(context, answer, "the answer given to the caller");
        StopAllClocks(context.Now);
        State = TicketState.Closed;
        return Record(context, TicketAction.AnsweredDirectly, answer, null,
            new { article = article.ArticleId, articleVersion = article.Version, articleTitle = article.Title }, DirectAnswerRules);
    }
}
