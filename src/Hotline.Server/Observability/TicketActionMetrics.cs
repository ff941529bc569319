using Microsoft.AspNetCore.Routing.Patterns;

namespace Hotline.Server.Observability;

/// <summary>
/// Counts the ticket actions (工单操作) of <c>POST /api/tickets</c> (register) and <c>POST /api/tickets/{number}/…</c>
/// with an endpoint filter, so the ticket endpoints and their runner stay free of metrics code. The outcome is taken
/// from the status the response finally carried, after the exception handler turned a refusal into problem details.
/// </summary>
public static class TicketActionMetrics
{
    private const string Tickets = "api/tickets";
    private const string TicketNumber = "{number}";

    /// <summary>Adds the counting filter to every ticket action mapped through <paramref name="builder"/>.</summary>
    public static TBuilder WithTicketActionMetrics<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route || ActionOf(route.RoutePattern) is not { } action)
            {
                return;
            }

            endpoint.FilterFactories.Add((factory, next) =>
            {
                // Conventions run before the endpoint's own metadata is complete; the factory runs after.
                if (!route.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post)))
                {
                    return next;
                }

                var metrics = factory.ApplicationServices.GetRequiredService<HotlineMetrics>();
                return invocation =>
                {
                    var response = invocation.HttpContext.Response;
                    response.OnCompleted(() =>
                    {
                        metrics.RecordTicketAction(action, response.StatusCode);
                        return Task.CompletedTask;
                    });
                    return next(invocation);
                };
            });
        });
        return builder;
    }

    /// <summary><c>register</c> for the collection, the path after the number otherwise (<c>return/approve</c>); null elsewhere.</summary>
    internal static string? ActionOf(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(Text).ToArray();
        var path = string.Join('/', segments);
        if (path == Tickets)
        {
            return "register";
        }

        var prefix = $"{Tickets}/{TicketNumber}/";
        return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length ? path[prefix.Length..] : null;
    }

    private static string Text(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }));
}
