using Hotline.Application.Administration;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Access;

/// <summary>Answers an administration call (users, API keys, units, calendar days), or its refusal as a problem with its code.</summary>
internal static class AdminProblems
{
    public static async Task<Results<T, ProblemHttpResult>> AnswerAsync<T>(Func<Task<T>> call)
        where T : IResult
    {
        try
        {
            return await call();
        }
        catch (AdminRefusal refusal)
        {
            return Problem(refusal);
        }
    }

    public static Task<Results<NoContent, ProblemHttpResult>> NoContentAsync(Func<Task> call) =>
        AnswerAsync(async () =>
        {
            await call();
            return TypedResults.NoContent();
        });

    public static ProblemHttpResult Problem(AdminRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var (status, title) = refusal.Kind switch
        {
            AdminRefusalKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            AdminRefusalKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            AdminRefusalKind.Unprocessable => (StatusCodes.Status422UnprocessableEntity, "The change was refused"),
            _ => (StatusCodes.Status400BadRequest, "Invalid request"),
        };
        return TypedResults.Problem(statusCode: status, title: title, detail: refusal.Message,
            extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
    }
}
