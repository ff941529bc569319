using Hotline.Application.Lifecycle;
using Hotline.Application.Tickets;
using Hotline.Server.Access;
using Hotline.Tickets.Persistence;
using A = Hotline.Tickets.Access.HotlineAction;

namespace Hotline.Server.Tickets.Merging;

/// <summary>并单: merge a duplicate into a main ticket.</summary>
public sealed record MergeBody(string? IntoTicket, string? Reason);

/// <summary>撤销并单: why the merge is undone.</summary>
public sealed record UnmergeBody(string? Reason);

/// <summary>
/// <c>POST /api/tickets/{number}/merge</c> and <c>/unmerge</c>. Both change two tickets of the caller's tenant in one
/// unit of work: the duplicate (the route's ticket, whose idempotency key and revision apply) and its main ticket.
/// </summary>
internal static class MergeEndpoints
{
    public static void MapMerges(this RouteGroupBuilder tickets)
    {
        tickets.MapPost("/{number}/merge", async (string number, MergeBody body, HttpRequest request, TicketActionRunner runner, TicketStore store, TicketWorkflows workflows, CancellationToken ct) =>
            TypedResults.Ok(await runner.ActAsync(ActionRequest.From(request, body), number, [A.MergeTickets], async (duplicate, context) =>
                await MainTicket.MergeAsync(store, workflows, duplicate, context, body.IntoTicket, body.Reason, ct), ct)))
            .RequireAction(A.MergeTickets).WithSummary("并单: merge this duplicate into a main ticket");

        tickets.MapPost("/{number}/unmerge", async (string number, UnmergeBody body, HttpRequest request, TicketActionRunner runner, TicketStore store, TicketWorkflows workflows, CancellationToken ct) =>
            TypedResults.Ok(await runner.ActAsync(ActionRequest.From(request, body), number, [A.MergeTickets], async (duplicate, context) =>
                await MainTicket.UnmergeAsync(store, workflows, duplicate, context, body.Reason, ct), ct)))
            .RequireAction(A.MergeTickets).WithSummary("撤销并单: take a merged duplicate out of its main ticket again");
    }
}
