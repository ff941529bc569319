using Hotline.Workflows.Definitions;
using Hotline.Workflows.Serialization;

namespace Hotline.Server.ElsaApi.Definitions;

/// <summary>Refusals of the definition store, answered as Studio shows them (400 with <c>errors</c>, or 404).</summary>
internal static class DefinitionErrors
{
    public static async ValueTask<object?> Translate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (WorkflowDefinitionValidationException e)
        {
            return Results.ValidationProblem(e.Errors.ToDictionary(), title: e.Message);
        }
        catch (WorkflowDefinitionException e)
        {
            var errors = e.Errors.GroupBy(x => x.ActivityId is null ? x.Field : $"{x.ActivityId}.{x.Field}")
                .ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray());
            return Results.ValidationProblem(errors, title: e.Message);
        }
        catch (WorkflowDefinitionNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: e.Message);
        }
    }
}
