using Hotline.Application.Intake;
using Hotline.Server.Access;
using Hotline.Tickets.Access;

namespace Hotline.Server.Desk;

/// <summary>来电历史: the phone goes in the body, so it never lands in a URL, an access log or a proxy's log.</summary>
public sealed record CallerHistoryBody(string? Phone, string? Purpose);

/// <summary>疑似重复: what the intake form holds so far.</summary>
public sealed record DuplicateCheckBody(string? Phone, string? Location, string? Content);

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
        return endpoints;
    }
}
