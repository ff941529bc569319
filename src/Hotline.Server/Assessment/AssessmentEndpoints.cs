using Hotline.Application.Assessment;
using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.Assessment;

/// <summary>
/// The monthly assessment (月度考核, HL-ASM) as JSON: the workbench's <see cref="Assessments"/> computes it; the assessor
/// enters a unit's monthly score or rates it 不合格 before ranking (HL-ASM-3, HL-ASM-4), kept with who and when.
/// </summary>
internal static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessmentApi(this IEndpointRouteBuilder routes)
    {
        var assessment = routes.MapGroup("/api/assessment").WithTags("Assessment");
        assessment.MapGet("/", ReadAsync).RequireAction(HotlineAction.ReadAssessment)
            .WithSummary("The month's assessment of every unit (a unit leader: their own unit)");
        assessment.MapPut("/units/{id}", EnterAsync).RequireAction(HotlineAction.RateUnits)
            .WithSummary("Enter a unit's monthly score and/or rate it 不合格 (set aside before ranking), with the reason");
        assessment.MapDelete("/units/{id}", RemoveAsync).RequireAction(HotlineAction.RateUnits)
            .WithSummary("Remove the entry: the computed score and the ranking apply again");
        return routes;
    }

    private static async Task<Results<Ok<MonthlyAssessment>, ProblemHttpResult>> ReadAsync(
        int year, int month, [FromServices] Assessments assessments, [FromServices] CurrentUser me, CancellationToken ct)
    {
        if (OutOfRange(year, month) is { } problem)
            return problem;
        return TypedResults.Ok(await assessments.AssessAsync(me, year, month, ct));
    }

    private static async Task<Results<Ok<MonthlyAssessment>, ProblemHttpResult>> EnterAsync(
        Guid id, int year, int month, AssessorEntryRequest body, [FromServices] Assessments assessments, [FromServices] CurrentUser me,
        TimeProvider clock, CancellationToken ct)
    {
        if (OutOfRange(year, month) is { } problem)
            return problem;
        if (await assessments.EnterAsync(me, id, year, month, body.Score, body.Unqualified, body.Reason, clock.GetUtcNow(), ct) is { } refusal)
        {
            var status = refusal.Code == AssessorEntryRefusal.UnitNotFound ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity;
            return Problem(status, refusal.Code, refusal.Detail);
        }

        return TypedResults.Ok(await assessments.AssessAsync(me, year, month, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        Guid id, int year, int month, [FromServices] Assessments assessments, [FromServices] CurrentUser me, CancellationToken ct) =>
        await assessments.RemoveEntryAsync(me, id, year, month, ct)
            ? TypedResults.NoContent()
            : Problem(StatusCodes.Status404NotFound, "assessment.entry-not-found", $"No entry for unit {id} in {year}-{month:00}.");

    private static ProblemHttpResult? OutOfRange(int year, int month) =>
        year is < 2000 or > 2100 || month is < 1 or > 12
            ? Problem(StatusCodes.Status400BadRequest, "request.out-of-range", $"{year}-{month} is not a month of 2000–2100.")
            : null;

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(statusCode: status, title: "The assessment request was refused", detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code, ["ruleId"] = "HL-ASM-3, HL-ASM-4" });
}

/// <summary>
/// An assessor's entry for one unit and month: <c>score</c> replaces the computed monthly score (null keeps it),
/// <c>unqualified</c> rates the unit 不合格, <c>reason</c> says why.
/// </summary>
public sealed record AssessorEntryRequest(decimal? Score, bool Unqualified, string? Reason);
