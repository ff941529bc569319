using Hotline.Application.Intake;
using Hotline.Application.Tickets;
using Hotline.Application.TicketSheets;
using Hotline.Server.Access;
using Hotline.Server.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Tickets;

namespace Hotline.Server.Desk;

/// <summary>来电历史: the phone goes in the body, so it never lands in a URL, an access log or a proxy's log.</summary>
public sealed record CallerHistoryBody(string? Phone, string? Purpose);

/// <summary>疑似重复: what the intake form holds so far.</summary>
public sealed record DuplicateCheckBody(string? Phone, string? Location, string? Content);

/// <summary>批量派单: the tickets and the one dispatch order they all get (the single dispatch's body without the joint mode).</summary>
public sealed record DispatchBatchBody(
    IReadOnlyList<string>? Numbers,
    Guid LeadUnitId,
    IReadOnlyList<Guid>? CoUnitIds = null,
    HandlingClass HandlingClass = HandlingClass.Ordinary,
    DateTimeOffset? DueAt = null,
    string? Note = null)
{
    public DispatchOrder Order() => new(LeadUnitId, CoUnitIds is { Count: > 0 } ? CoUnitIds : null, HandlingClass, DueAt, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim());
}

/// <summary>One ticket of a batch: dispatched, or refused with the code, message and rule ids a single dispatch would answer.</summary>
public sealed record DispatchBatchResult(string Number, bool Dispatched, string? Code, string? Message, IReadOnlyList<string> RuleIds)
{
    public static DispatchBatchResult Of(BatchOutcome outcome) =>
        new(outcome.Number, outcome.Refusal is null, outcome.Refusal?.Code, outcome.Refusal?.Message, outcome.Refusal?.RuleIds ?? []);
}

/// <summary>
/// The intake desk's reads: a caller's earlier tickets and the likely duplicates of a ticket being taken, for
/// dispatchers and reviewers (rules.md §6: they register and merge), in the caller's tenant only, each read audited
/// (<see cref="CallerHistory"/>). Endpoints translate HTTP; the use cases live in <c>Hotline.Application</c>.
/// </summary>
public static class DeskEndpoints
{
    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder endpoints)
    {
        var intake = endpoints.MapGroup("/api").WithTags("Intake")
            .RequireAnyAction([HotlineAction.Register, HotlineAction.MergeTickets]);
        intake.MapPost("/callers/history", async (CallerHistoryBody body, CallerHistory history, CurrentUser user, CancellationToken ct) =>
            TypedResults.Ok(new { tickets = await history.FindAsync(user, CallerPhone.Parse(body.Phone), body.Purpose, ct) }))
            .WithSummary("来电历史: a caller's earlier tickets in the tenant, newest first; every ticket returned is an audited read of the phone");
        intake.MapPost("/tickets/duplicates", async (DuplicateCheckBody body, LikelyDuplicates duplicates, CurrentUser user, CancellationToken ct) =>
            TypedResults.Ok(new { duplicates = await duplicates.FindAsync(user, new IntakeDraft(body.Phone, body.Location, body.Content), ct) }))
            .WithSummary("疑似重复: tickets of the last merge.duplicateWindowDays days from the same caller, or at the same location with similar content");
        endpoints.MapPost("/api/tickets/dispatch-batch", async (DispatchBatchBody body, HttpRequest request, TicketBatch batch, CurrentUser user, CancellationToken ct) =>
            {
                // The header's key names the batch; each ticket's key is derived from it (TicketBatch), and the body's hash
                // tells a retry from another batch reusing the key.
                var sent = ActionRequest.From(request, body);
                var outcomes = await batch.DispatchEachAsync(user, body.Numbers ?? [], body.Order(), sent.IdempotencyKey, sent.RequestHash, ct);
                return TypedResults.Ok(new { results = outcomes.Select(DispatchBatchResult.Of).ToList() });
            })
            .WithTags("Tickets").RequireAction(HotlineAction.Dispatch)
            .WithSummary("批量派单: one dispatch order for up to 100 tickets, each applied (or refused) as its own dispatch; needs an Idempotency-Key");
        return endpoints;
    }
}
