using Hotline.Tickets.Access;
using Serilog.Context;
using Serilog.Core;
using Serilog.Core.Enrichers;

namespace Hotline.Server.Observability;

/// <summary>
/// Puts who and what a request is about on every log line written while it runs: <c>TenantId</c> and <c>UserId</c>
/// of the signed-in caller, <c>TicketNumber</c> under <c>/api/tickets/{number}/…</c> and <c>WorkflowInstanceId</c>
/// under <c>/elsa/api/…/workflow-instances/{instanceId}</c>. Runs after authentication, so the user is known, and
/// after routing, so the route values are. Only identifiers: a caller's name, phone or address never goes in.
/// It ends each API request with one line (method, path without query, status, milliseconds) that carries them too.
/// </summary>
public static partial class RequestLogContext
{
    public const string TenantId = "TenantId";
    public const string UserId = "UserId";
    public const string TicketNumber = "TicketNumber";
    public const string WorkflowInstanceId = "WorkflowInstanceId";

    public static IApplicationBuilder UseRequestLogContext(this IApplicationBuilder app)
    {
        var time = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLogContext).FullName!);
        return app.Use(async (context, next) =>
        {
            ILogEventEnricher[] properties = [.. PropertiesOf(context)];
            if (IsApi(context.Request.Path))
            {
                // On completion the status is final, also when the exception handler turned a refusal into a problem.
                var started = time.GetTimestamp();
                var (method, path, response) = (context.Request.Method, context.Request.Path.Value ?? "", context.Response);
                response.OnCompleted(() =>
                {
                    using (LogContext.Push(properties))
                    {
                        LogRequest(logger, method, path, response.StatusCode, time.GetElapsedTime(started));
                    }

                    return Task.CompletedTask;
                });
            }

            using (LogContext.Push(properties))
            {
                await next(context);
            }
        });
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/elsa/api");

    private static List<ILogEventEnricher> PropertiesOf(HttpContext context)
    {
        var properties = new List<ILogEventEnricher>(4);
        if (CurrentUser.TryIdentify(context.User, out var tenantId, out var userId))
        {
            properties.Add(new PropertyEnricher(TenantId, tenantId));
            properties.Add(new PropertyEnricher(UserId, userId));
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments("/api/tickets") && context.GetRouteValue("number") is string number)
        {
            properties.Add(new PropertyEnricher(TicketNumber, number));
        }
        else if (path.StartsWithSegments("/elsa/api") && context.GetRouteValue("instanceId") is string instanceId)
        {
            properties.Add(new PropertyEnricher(WorkflowInstanceId, instanceId));
        }

        return properties;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string requestMethod, string requestPath, int statusCode, double elapsed);

    private static void LogRequest(ILogger logger, string method, string path, int statusCode, TimeSpan elapsed)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogRequest(logger, method, path, statusCode, elapsed.TotalMilliseconds);
        }
    }
}
