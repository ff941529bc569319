using Hotline.Application.Knowledge;
using Hotline.Application.Tickets;
using Hotline.Server.Access;
using Hotline.Server.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Knowledge;

namespace Hotline.Server.Knowledge;

/// <summary>
/// The knowledge base (知识库) over HTTP: list and search, read, history, create, edit, submit, publish, send back, retire,
/// the review-due list of a unit, and the direct answer at intake (直接办结). Use cases live in
/// <see cref="KnowledgeBase"/> and <see cref="DirectAnswers"/>; this only translates HTTP. Changes carry the version the
/// client saw (<c>?version=</c>); refusals are problem details with a <c>knowledge.*</c> code and change nothing.
/// </summary>
/// <summary>知识库推荐: the intake content typed so far.</summary>
public sealed record SuggestionBody(string? Text);

internal static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder routes)
    {
        var articles = routes.MapGroup("/api/knowledge/articles").WithTags("Knowledge base").AddEndpointFilter(RefusalsAsProblems);
        articles.MapGet("/", (KnowledgeBase kb, CurrentUser me, [AsParameters] ArticleListParameters p, CancellationToken ct) =>
                kb.ListAsync(me, p.Query(), ct))
            .RequireAction(HotlineAction.ReadKnowledge).WithSummary("List and search articles (full text over title, body, categories, keywords)");
        // POST: the content being typed is a caller's matter, often with names and places; it stays out of URLs and logs.
        articles.MapPost("/suggestions", (SuggestionBody body, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
                kb.SuggestAsync(me, body.Text ?? "", 5, ct))
            .RequireAction(HotlineAction.ReadKnowledge).WithSummary("Published articles in effect matching the content being typed (in the body)");
        articles.MapGet("/{id}", (Guid id, KnowledgeBase kb, CurrentUser me, CancellationToken ct) => kb.GetAsync(me, id, ct))
            .RequireAction(HotlineAction.ReadKnowledge).WithSummary("An article");
        articles.MapGet("/{id}/revisions", (Guid id, KnowledgeBase kb, CurrentUser me, CancellationToken ct) => kb.HistoryAsync(me, id, ct))
            .RequireAction(HotlineAction.ReadKnowledge).WithSummary("Its revisions: who changed what, when");
        articles.MapPost("/", async (ArticleRequest body, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
            {
                var view = await kb.CreateAsync(me, body, ct);
                return TypedResults.Created($"/api/knowledge/articles/{view.Summary.Id}", view);
            })
            .RequireAction(HotlineAction.EditKnowledge).WithSummary("Create a draft (a unit: for itself; the centre: its own or a unit's)");
        articles.MapPut("/{id}", (Guid id, int version, ArticleRequest body, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
                kb.EditAsync(me, id, version, body, ct))
            .RequireAction(HotlineAction.EditKnowledge).WithSummary("Edit a draft or a published article (which goes back to draft)");
        articles.MapPost("/{id}/submit", (Guid id, int version, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
                kb.SubmitAsync(me, id, version, ct))
            .RequireAction(HotlineAction.EditKnowledge).WithSummary("Submit a draft for the centre's review");
        articles.MapPost("/{id}/publish", (Guid id, int version, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
                kb.PublishAsync(me, id, version, ct))
            .RequireAction(HotlineAction.PublishKnowledge).WithSummary("Publish a reviewed article (the centre)");
        articles.MapPost("/{id}/send-back", (Guid id, int version, ArticleNote body, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
                kb.SendBackAsync(me, id, version, body.Reason, ct))
            .RequireAction(HotlineAction.PublishKnowledge).WithSummary("Send a submitted article back to its owner with the reason");
        articles.MapPost("/{id}/retire", (Guid id, int version, ArticleNote body, KnowledgeBase kb, CurrentUser me, CancellationToken ct) =>
                kb.RetireAsync(me, id, version, body.Reason, ct))
            .RequireAction(HotlineAction.RetireKnowledge).WithSummary("Retire an article for good, with the reason");

        routes.MapPost("/api/knowledge/direct-answers", async (DirectAnswerRequest body, HttpRequest request, DirectAnswers answers, CurrentUser me, CancellationToken ct) =>
            {
                var view = await answers.AnswerAsync(me, body, ActionRequest.From(request, body), ct);
                return TypedResults.Created($"/api/tickets/{view.Number}", view);
            })
            .WithTags("Knowledge base").AddEndpointFilter(RefusalsAsProblems).RequireAction(HotlineAction.Register)
            .WithSummary("直接办结: register a consultation and close it at once, answered from a published article (WZ-DSP-1)");
        return routes;
    }

    private static async ValueTask<object?> RefusalsAsProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ArticleViolation refusal)
        {
            var status = refusal.Kind switch
            {
                ArticleRefusalKind.NotFound => StatusCodes.Status404NotFound,
                ArticleRefusalKind.Forbidden => StatusCodes.Status403Forbidden,
                ArticleRefusalKind.Conflict => StatusCodes.Status409Conflict,
                _ when refusal.Code == ArticleViolation.QueryInvalid => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status422UnprocessableEntity,
            };
            var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code };
            if (refusal.RuleIds.Count > 0)
                extensions["ruleId"] = string.Join(", ", refusal.RuleIds);
            return TypedResults.Problem(statusCode: status, title: "The knowledge-base request was refused", detail: refusal.Message,
                type: $"https://hotline.example/problems/{refusal.Code}", extensions: extensions);
        }
    }
}

/// <summary>The reason of a send-back or a retirement.</summary>
public sealed record ArticleNote(string? Reason);

/// <summary>The list's query string: <c>text</c>, <c>state</c>, <c>unit</c>, <c>reviewDue</c>, <c>page</c>, <c>pageSize</c>.</summary>
public sealed record ArticleListParameters(string? Text, ArticleState? State, Guid? Unit, bool? ReviewDue, int? Page, int? PageSize)
{
    public ArticleQuery Query() => new(Text, State, Unit, ReviewDue ?? false, Page ?? 1, PageSize ?? 20);
}
