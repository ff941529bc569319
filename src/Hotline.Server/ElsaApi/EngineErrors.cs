using Hotline.Workflows.Definitions;
using Hotline.Workflows.Runtime;

namespace Hotline.Server.ElsaApi;

/// <summary>
/// The engine's refusals answered as Studio shows them: a validation failure is 400 with <c>errors</c> (Studio's
/// snackbar), a missing definition or instance 404, a lost race 409. Nothing was changed in any of these cases.
/// </summary>
internal static class EngineErrors
{
    public static async ValueTask<object?> Translate(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (WorkflowDefinitionValidationException e)
        {
            return Results.ValidationProblem(
                e.Errors.ToDictionary(),
                title: e.Message,
                extensions: e.Code is null ? null : new Dictionary<string, object?> { ["code"] = e.Code });
        }
        catch (Exception e) when (e is WorkflowDefinitionNotFoundException or WorkflowInstanceNotFoundException or BookmarkNotFoundException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: e.Message);
        }
        catch (WorkflowConcurrencyException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Message, detail: "Reload and try again.");
        }
    }
}
