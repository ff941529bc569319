using Hotline.Application.Assessment;
using Hotline.Application.Audit;
using Hotline.Application.Reports;
using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Hotline.Workbench.Assessment;
using Hotline.Workbench.Audit;
using Hotline.Workbench.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Workbench;

/// <summary>
/// Files (导出) under <c>/api/exports</c>. <c>tickets.csv</c> and <c>tickets.xlsx</c>: the auditor's search, with the
/// same query parameters as the audit page; auditors only; a phone search needs a purpose and is recorded like the
/// page's. <c>monthly-report.xlsx</c> and <c>assessment.xlsx</c> (<c>?year=&amp;month=</c>): the monthly report and the
/// units' assessment, for readers of assessments.
/// </summary>
internal static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapTicketExports(this IEndpointRouteBuilder endpoints)
    {
        var exports = endpoints.MapGroup("/api/exports").WithTags("Exports");
        exports.MapGet("/tickets.csv", (AuditSearch search, CurrentUser user, TimeProvider time, [AsParameters] AuditQuery query, CancellationToken ct) =>
                ExportAsync(search, user, query, TicketListExport.Csv, TicketListExport.CsvContentType, FileName(user, time, "csv"), ct))
            .RequireAction(HotlineAction.ReadAudit)
            .WithSummary("The audit search's tickets as CSV (UTF-8 with BOM)");
        exports.MapGet("/tickets.xlsx", (AuditSearch search, CurrentUser user, TimeProvider time, [AsParameters] AuditQuery query, CancellationToken ct) =>
                ExportAsync(search, user, query, TicketListExport.Xlsx, TicketListExport.XlsxContentType, FileName(user, time, "xlsx"), ct))
            .RequireAction(HotlineAction.ReadAudit)
            .WithSummary("The audit search's tickets as an Excel workbook");
        exports.MapGet("/monthly-report.xlsx", (MonthlyReports reports, CurrentUser user, int year, int month, CancellationToken ct) =>
                MonthFileAsync(user, year, month, "monthly-report", async () => MonthlyReportExport.Xlsx(await reports.BuildAsync(user, year, month, ct))))
            .RequireAction(HotlineAction.ReadAssessment)
            .WithSummary("The monthly report (月度通报) as an Excel workbook");
        exports.MapGet("/assessment.xlsx", (Assessments assessments, CurrentUser user, int year, int month, CancellationToken ct) =>
                MonthFileAsync(user, year, month, "assessment", async () => AssessmentExport.Xlsx(await assessments.AssessAsync(user, year, month, ct))))
            .RequireAction(HotlineAction.ReadAssessment)
            .WithSummary("The units' monthly assessment (月度考核) as an Excel workbook");
        return endpoints;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        AuditSearch search, CurrentUser user, AuditQuery query,
        Func<IEnumerable<AuditRow>, byte[]> write, string contentType, string fileName, CancellationToken ct)
    {
        if (query.Problem() is { } problem)
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "导出条件不完整");
        var rows = await search.ExportAsync(user, query, ct);
        return TypedResults.File(write(rows), contentType, fileName);
    }

    /// <summary>A workbook about one month, or a 400 when the month is not one.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> MonthFileAsync(
        CurrentUser user, int year, int month, string name, Func<Task<byte[]>> write)
    {
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
            return TypedResults.Problem($"{year} 年 {month} 月不是有效的月份。", statusCode: StatusCodes.Status400BadRequest, title: "月份无效");
        return TypedResults.File(await write(), TicketListExport.XlsxContentType, $"{name}-{user.TenantId}-{year}-{month:00}.xlsx");
    }

    private static string FileName(CurrentUser user, TimeProvider time, string extension) =>
        $"tickets-{user.TenantId}-{TimeZoneInfo.ConvertTime(time.GetUtcNow(), Hotline.Tickets.Calendar.ShanghaiTime.Zone):yyyyMMdd-HHmm}.{extension}";
}
