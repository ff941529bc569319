using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Hotline.Workbench.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Workbench;

/// <summary>
/// <c>GET /api/exports/tickets.csv</c> and <c>.xlsx</c>: the auditor's search as a file (导出), with the same query
/// parameters as the audit page. Auditors only; a phone search needs a purpose and is recorded like the page's.
/// </summary>
internal static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapTicketExports(this IEndpointRouteBuilder endpoints)
    {
        var exports = endpoints.MapGroup("/api/exports").WithTags("Exports").RequireAction(HotlineAction.ReadAudit);
        exports.MapGet("/tickets.csv", (AuditSearch search, CurrentUser user, TimeProvider time, [AsParameters] AuditQuery query, CancellationToken ct) =>
                ExportAsync(search, user, query, TicketListExport.Csv, TicketListExport.CsvContentType, FileName(user, time, "csv"), ct))
            .WithSummary("The audit search's tickets as CSV (UTF-8 with BOM)");
        exports.MapGet("/tickets.xlsx", (AuditSearch search, CurrentUser user, TimeProvider time, [AsParameters] AuditQuery query, CancellationToken ct) =>
                ExportAsync(search, user, query, TicketListExport.Xlsx, TicketListExport.XlsxContentType, FileName(user, time, "xlsx"), ct))
            .WithSummary("The audit search's tickets as an Excel workbook");
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

    private static string FileName(CurrentUser user, TimeProvider time, string extension) =>
        $"tickets-{user.TenantId}-{TimeZoneInfo.ConvertTime(time.GetUtcNow(), Hotline.Tickets.Calendar.ShanghaiTime.Zone):yyyyMMdd-HHmm}.{extension}";
}
