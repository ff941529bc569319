using Hotline.Workflows.Definitions;

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
        catch (WorkflowDefinitionNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: e.Message);
        }
    }
}
