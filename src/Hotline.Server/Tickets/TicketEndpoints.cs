using A = Hotline.Tickets.Access.HotlineAction;
using EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior;
using FromBodyAttribute = Microsoft.AspNetCore.Mvc.FromBodyAttribute;
using Hotline.Application.Tickets;
using Hotline.Application.Tickets.Admission;
using TicketQueue = Hotline.Application.Tickets.TicketQueue;
using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Screening;
using Hotline.Tickets.Supervision;
using Hotline.Tickets.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Tickets;

/// <summary>
/// The ticket API under <c>/api/tickets</c>: register, read, search, per-role queues, and one POST per action of
/// rules.md §6. Endpoints translate HTTP only; <see cref="TicketActionRunner"/> and the domain do the work.
/// Every action needs an <c>Idempotency-Key</c> header and may send <c>If-Match: "revision"</c>.
/// </summary>
public static class TicketEndpoints
{
    public static IServiceCollection AddTicketApi(this IServiceCollection services)
    {
        services.AddExceptionHandler<TicketProblems>();
        services.AddOptions<ActionAdmissionOptions>().BindConfiguration(ActionAdmissionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddOperationTransformer<TicketActionDocs>());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // A repeated property is ambiguous (which value did the client mean?): refused instead of the last one winning.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        // A body or query that does not bind is thrown to TicketProblems in every environment, not only Development, so
        // it always answers as problem details with a code.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IEndpointRouteBuilder MapTicketApi(this IEndpointRouteBuilder endpoints)
    {
        var tickets = endpoints.MapGroup("/api/tickets").WithTags("Tickets").RequireAuthorization();
        tickets.MapPost("/", async (TicketIntake intake, HttpRequest request, TicketActionRunner runner, CancellationToken ct) =>
        {
            var view = await runner.RegisterAsync(ActionRequest.From(request, intake), intake, ct);
            return TypedResults.Created($"/api/tickets/{view.Number}", view);
        }).RequireAction(A.Register).WithSummary("Register a ticket (受理登记)");
        tickets.MapGet("/", (TicketSearch search, [AsParameters] TicketFilter filter, CancellationToken ct) =>
            search.SearchAsync(filter, queue: null, ct)).WithSummary("List and search tickets");
        tickets.MapGet("/{number}", GetAsync).RequireAction(A.ReadTickets).WithSummary("A ticket with its clocks and timeline");
        tickets.MapGet("/{number}/caller/{field}", async Task<Results<Ok<RevealedField>, NotFound>> (
            string number, PersonalDataField field, string purpose, TicketActionRunner runner, CancellationToken ct) =>
            await runner.RevealCallerAsync(number, field, purpose, ct) is { } value
                ? TypedResults.Ok(new RevealedField(field.ToString(), value))
                : TypedResults.NotFound())
            .WithSummary("One caller field unmasked, for roles that need it; every read is audited");

        Act(tickets, "reject", "不予受理", [A.Reject], (RejectBody b) => (t, c) => t.Reject(c, b.Ground, b.Explanation));
        Act(tickets, "redirect-emergency", "转110/119/120/122", [A.RedirectEmergency], (EmergencyBody b) => (t, c) => t.RedirectEmergency(c, b.Line, b.FireHazard));
        Act(tickets, "dispatch", "派单", [A.Dispatch], (Hotline.Tickets.Dispatch.DispatchOrder b) => (t, c) => t.Dispatch(c, b));
        Act(tickets, "redispatch", "重新派单", [A.Redispatch], (Hotline.Tickets.Dispatch.DispatchOrder b) => (t, c) => t.Redispatch(c, b));
        Act(tickets, "reassign", "改派（签收前）", [A.Dispatch], (ReassignBody b) => (t, c) => t.Reassign(c, b.ToOrder(), b.Reason));
        Act(tickets, "sign", "签收", [A.Sign], (NoteBody _) => (t, c) => t.Sign(c));
        Act(tickets, "first-contact", "先行联系", [A.FirstContact], (NoteBody b) => (t, c) => t.RecordFirstContact(c, b.Note ?? ""));
        Act(tickets, "urgent-response", "初步响应/进度报告", [A.Reply], (UrgentResponseBody b) => (t, c) => t.ReportUrgentResponse(c, b.Kind, b.Text));
        Act(tickets, "co-units", "增加协办单位", [A.AddCoUnit], (CoUnitBody b) => (t, c) => t.AddCoUnit(c, b.UnitId));
        Act(tickets, "co-unit-opinion", "协办意见", [A.GiveCoUnitOpinion], (OpinionBody b) => (t, c) => t.GiveCoUnitOpinion(c, b.Opinion, b.Attachments));
        Act(tickets, "countersign-reply", "会签答复", [A.Reply], (ReplyContent b) => (t, c) => t.ReplyToCountersignPart(c, b));
        Act(tickets, "return", "申请退办", [A.RequestReturn], (ReturnApplication b) => (t, c) => t.RequestReturn(c, b));
        Act(tickets, "return/approve", "退办审核通过", [A.DecideEscalatedReturn, A.ReviewReturn], (NoteBody b) => (t, c) => t.ApproveReturn(c, b.Note));
        Act(tickets, "return/reject", "退办审核驳回", [A.DecideEscalatedReturn, A.ReviewReturn], (ReasonBody b) => (t, c) => t.RejectReturn(c, b.Reason, b.Grounds));
        Act(tickets, "extension", "申请延期", [A.RequestExtension], (ExtensionApplication b) => (t, c) => t.RequestExtension(c, b));
        Act(tickets, "extension/approve", "延期审批同意", [A.DecideExtension], (NoteBody b) => (t, c) => t.ApproveExtension(c, b.Note));
        Act(tickets, "extension/deny", "延期审批不同意", [A.DecideExtension], (ReasonBody b) => (t, c) => t.DenyExtension(c, b.Reason));
        Act(tickets, "extension/forward", "延期转报市中心", [A.DecideExtension], (NoteBody b) => (t, c) => t.ForwardExtension(c, b.Note));
        Act(tickets, "extension/override", "中心审核员代为申请延期", [A.DecideExtension], (ExtensionApplication b) => (t, c) => t.OverrideExtension(c, b));
        Act(tickets, "reply", "办结答复", [A.Reply], (ReplyContent b) => (t, c) => t.Reply(c, b));
        Act(tickets, "reply/accept", "审核通过", [A.ReviewReply], (NoteBody b) => (t, c) => t.AcceptReply(c, b.Note));
        Act(tickets, "reply/send-back", "审核退回", [A.ReviewReply], (ReasonBody b) => (t, c) => t.SendBackReply(c, b.Reason, b.Grounds));
        Act(tickets, "revisit", "回访", [A.Revisit], (RevisitResult b) => (t, c) => t.Revisit(c, b));
        Act(tickets, "redo", "重办", [A.Redo], (RedoBody b) => (t, c) => t.OrderRedo(c, b.Reason, b.RevisitReviewOrder));
        Act(tickets, "revisit-review/extend", "回访复核延长1个工作日", [A.Redo], (ReasonBody b) => (t, c) => t.ExtendRevisitReview(c, b.Reason));
        Act(tickets, "screening", "申请甄别/申诉", [A.ApplyForScreening], (ScreeningApplication b) => (t, c) => t.ApplyForScreening(c, b));
        Act(tickets, "screening/evidence-request", "要求补充证据", [A.DecideScreening], (EvidenceRequestBody b) => (t, c) => t.RequestScreeningEvidence(c, b.What));
        Act(tickets, "screening/evidence", "提交证据", [A.ApplyForScreening], (EvidenceBody b) => (t, c) => t.SubmitScreeningEvidence(c, b.Note, b.Evidence));
        Act(tickets, "screening/decision", "甄别决定", [A.DecideScreening], (ScreeningDecisionBody b) => (t, c) => t.DecideScreening(c, b.Upheld, b.Reason));
        Act(tickets, "screening/panel-ruling", "第三方评议裁定", [A.DecideScreening], (PanelRulingBody b) => (t, c) => t.RecordPanelRuling(c, b.Reasonable, b.Reason, b.ResolveBy));
        Act(tickets, "supervise", "督办", [A.Supervise], (SupervisionNotice b) => (t, c) => t.Supervise(c, b));
        Act(tickets, "discipline", "移送纪委监委", [A.ReferToDiscipline], (ReasonBody b) => (t, c) => t.ReferToDiscipline(c, b.Reason));
        Act(tickets, "termination", "申请终结", [A.RequestTermination], (TerminationApplication b) => (t, c) => t.RequestTermination(c, b));
        Act(tickets, "termination/approve", "终结办理", [A.DecideTermination], (NoteBody b) => (t, c) => t.ApproveTermination(c, b.Note));
        Act(tickets, "termination/refuse", "不同意终结", [A.DecideTermination], (ReasonBody b) => (t, c) => t.RefuseTermination(c, b.Reason));
        Act(tickets, "archive", "归档", [A.Archive], (NoteBody b) => (t, c) => t.Archive(c, b.Note));
        tickets.MapPost("/{number}/interview", async (string number, InterviewBody body, HttpRequest request, TicketActionRunner runner, CancellationToken ct) =>
            TypedResults.Ok(await runner.ActAsync(ActionRequest.From(request, body), number, [A.Interview], async (t, c) =>
                t.RecordInterview(c, body.UnitId, body.Level, await runner.PriorOverduesThisYearAsync(t, body.UnitId, c.Now, ct), body.Reason), ct)))
            .RequireAction(A.Interview).WithSummary("约谈");
        Merging.MergeEndpoints.MapMerges(tickets);

        endpoints.MapGet("/api/queues", (CurrentUser user) =>
            TicketQueue.All.Where(q => q.Roles.Any(user.IsInRole)).Select(q => new { q.Name, q.Title }))
            .WithTags("Tickets").RequireAuthorization().WithSummary("The queues of the signed-in user's roles");
        endpoints.MapGet("/api/queues/{queue}", async Task<Results<Ok<TicketPage>, ProblemHttpResult>> (
            string queue, [AsParameters] TicketFilter filter, TicketSearch search, CurrentUser user, CancellationToken ct) =>
        {
            if (TicketQueue.Find(queue) is not { } found)
            {
                return TypedResults.Problem($"There is no queue '{queue}'.", statusCode: StatusCodes.Status404NotFound);
            }

            // The queue's roles depend on the route value, so this one check stays here rather than in a policy.
            if (!found.Roles.Any(user.IsInRole))
            {
                return TypedResults.Problem($"The queue '{queue}' is for {string.Join(", ", found.Roles)}.", statusCode: StatusCodes.Status403Forbidden);
            }

            return TypedResults.Ok(await search.SearchAsync(filter, found, ct));
        }).WithTags("Tickets").RequireAuthorization().WithSummary("One work queue");
        return endpoints;
    }

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> GetAsync(
        string number, TicketActionRunner runner, CancellationToken ct)
    {
        var view = await runner.ReadAsync(number, ct);
        return view is null
            ? TypedResults.Problem($"There is no ticket {number}.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(view);
    }

    private static void Act<TBody>(
        RouteGroupBuilder tickets,
        string path,
        string summary,
        A[] actions,
        Func<TBody, Func<Ticket, ActionContext, TicketEvent?>> action)
    {
        tickets.MapPost($"/{{number}}/{path}", async (
                string number,
                [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TBody? body,
                HttpRequest request,
                TicketActionRunner runner,
                CancellationToken ct) =>
            {
                // Actions whose body is only an optional note may be posted without one.
                var input = body ?? (new NoteBody() is TBody empty ? empty
                    : throw new TicketRuleViolation(ErrorCodes.InputMissing, $"The {path} action needs a JSON body."));
                return TypedResults.Ok(await runner.ActAsync(ActionRequest.From(request, input), number, actions, action(input), ct));
            })
            .RequireAnyAction(actions)
            .WithSummary(summary);
    }
}
