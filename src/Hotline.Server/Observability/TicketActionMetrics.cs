using Hotline.Application.Profiling;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Hotline.Server.Observability;

/// <summary>
/// Counts the ticket actions (工单操作) of <c>POST /api/tickets</c> (register) and <c>POST /api/tickets/{number}/…</c>,
/// so the ticket endpoints and their runner stay free of metrics code. A convention names each action's endpoint; a
/// middleware in front of authorization counts it, so a refusal for the caller's role is counted as refused too. The
/// outcome is the status the response finally carried, after the exception handler turned a refusal into problem details.
/// </summary>
public static class TicketActionMetrics
{
    private const string Tickets = "api/tickets";
    private const string TicketNumber = "{number}";

    /// <summary>Names the ticket action of every endpoint mapped through <paramref name="builder"/>, for <see cref="UseTicketActionMetrics"/>.</summary>
    public static TBuilder WithTicketActionMetrics<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && ActionOf(route.RoutePattern) is { } action)
            {
                endpoint.Metadata.Add(new TicketActionName(action));
            }
        });
        return builder;
    }

    /// <summary>Counts each POST to a named ticket action when its response completes; call before authorization.</summary>
    public static IApplicationBuilder UseTicketActionMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<HotlineMetrics>();
        return app.UseForEachTicketAction((action, response) => () => metrics.RecordTicketAction(action, response.StatusCode));
    }

    /// <summary>
    /// With <see cref="MetricsOptions.ActionProfile"/> on, profiles each ticket action from its arrival (call before
    /// authentication) and records its phases when its response completes.
    /// </summary>
    public static IApplicationBuilder UseTicketActionProfile(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value.ActionProfile)
        {
            return app;
        }

        ActionProfiling.ListenToStatements();
        var metrics = app.ApplicationServices.GetRequiredService<HotlineMetrics>();
        return app.UseForEachTicketAction((action, _) =>
        {
            var profile = ActionProfile.Begin();
            return () => metrics.RecordPhases(action, profile.End());
        });
    }

    /// <summary>
    /// The one middleware both use: for each POST to a named ticket action, <paramref name="begin"/> runs at this point of
    /// the pipeline and what it returns runs once the response has completed (its final status known).
    /// </summary>
    private static IApplicationBuilder UseForEachTicketAction(this IApplicationBuilder app, Func<string, HttpResponse, Action> begin) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<TicketActionName>() is { } action)
            {
                var completed = begin(action.Name, context.Response);
                context.Response.OnCompleted(() =>
                {
                    completed();
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });

    private sealed record TicketActionName(string Name);

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
