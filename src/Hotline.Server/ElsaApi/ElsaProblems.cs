namespace Hotline.Server.ElsaApi;

/// <summary>
/// Error answers in the form Studio displays: RFC 7807 problem details whose <c>errors</c> member Studio shows as a
/// snackbar on save, publish and retract. A rule ID, where one applies, travels in the <c>rule</c> extension.
/// </summary>
public static class ElsaProblems
{
    public static IResult Validation(string field, string message, string? rule = null) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            title: message,
            extensions: rule is null ? null : new Dictionary<string, object?> { ["rule"] = rule });

    public static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} '{id}' was not found.");

    /// <summary>422 with a stable <c>code</c> and an <c>errors</c> member: the request was understood and refused; nothing changed.</summary>
    public static IResult Refused(string code, string field, string message) =>
        Results.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: message,
            extensions: new Dictionary<string, object?> { ["code"] = code, ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>401 with an <c>errors</c> member, as Studio expects of every refusal.</summary>
    public static IResult Unauthorized(string message) =>
        Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: message,
            extensions: new Dictionary<string, object?> { ["errors"] = new[] { message } });

    /// <summary>403 with an <c>errors</c> member too, so Studio shows the reason instead of a generic failure.</summary>
    public static IResult Forbidden(string message) =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["permission"] = [message] } });
}
