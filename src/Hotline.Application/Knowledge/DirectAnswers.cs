using Hotline.Application.Tickets;
using Hotline.Application.TicketSheets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Knowledge;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Knowledge;

/// <summary>
/// What the call taker sends to answer a consultation at intake: the call as registration takes it (the category is
/// always 咨询), the article answered from, and the answer as told to the caller (the article's body when omitted).
/// </summary>
public sealed record DirectAnswerRequest(
    string? Channel,
    Caller? Caller,
    string? Content,
    Guid ArticleId,
    string? Answer = null,
    string? Location = null,
    TicketUrgency Urgency = TicketUrgency.Normal);

/// <summary>
/// 直接办结 (WZ-DSP-1, WZ-GEN-3): registers a consultation and closes it at once as answered directly, citing a published
/// article in effect of the caller's tenant, in one unit of work through <see cref="TicketActionRunner"/> — the
/// lifecycle takes the ticket straight to archiving. The timeline shows the citation, the monthly report counts it apart.
/// </summary>
public sealed class DirectAnswers(IServiceScopeFactory scopes, KnowledgeBase knowledge)
{
    public async Task<TicketView> AnswerAsync(CurrentUser user, DirectAnswerRequest request, ActionRequest action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!user.IsAllowed(HotlineAction.Register))
            throw new AccessDeniedException("Only the centre's call takers (dispatchers) answer at intake.");
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var article = await db.Set<Article>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == request.ArticleId && a.TenantId == user.TenantId, cancellationToken)
            ?? throw new ArticleViolation(ArticleViolation.NotFound, $"There is no article {request.ArticleId}.", ArticleRefusalKind.NotFound);
        if (!article.IsAnswerable(knowledge.Today))
        {
            throw new ArticleViolation(ArticleViolation.NotAnswerable,
                $"Article {article.Id} is {article.State}{(article.State == ArticleState.Published ? $", in effect from {article.EffectiveFrom:yyyy-MM-dd}" : "")}: only a published article in effect answers a caller.",
                ArticleRefusalKind.Invalid, [.. Ticket.DirectAnswerRules]);
        }

        var citation = new ArticleCitation(article.Id, article.Version, article.Title);
        var answer = string.IsNullOrWhiteSpace(request.Answer) ? article.Body : request.Answer.Trim();
        var intake = new TicketIntake(request.Channel ?? "", request.Caller!, TicketCategory.Consultation, request.Content ?? "", request.Urgency, request.Location);
        var runner = TicketReader.Runner(scope, user);
        return await runner.RegisterAsync(action, intake, (ticket, context) => ticket.AnswerDirectly(context, citation, answer), cancellationToken);
    }
}
