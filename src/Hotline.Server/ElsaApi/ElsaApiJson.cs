using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hotline.Server.ElsaApi;

/// <summary>
/// The JSON conventions Studio expects on <c>/elsa/api</c>: camelCase names, enums as their exact names, ISO dates.
/// Used explicitly by these endpoints only, so the ticket API keeps its own settings.
/// </summary>
public static class ElsaApiJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    public static IResult Ok<T>(T value) => Results.Json(value, Options);

    /// <summary>A value as JSON in Studio's conventions, to extend or embed.</summary>
    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>Reads a request body with Studio's conventions; a malformed body is the caller's 400, not a 500.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, ElsaProblems.Validation("body", "Send the body as application/json."));
        }

        try
        {
            // Parsed as a document first: a JsonObject in the body is read lazily, so a repeated key
            // would otherwise surface later as a server error instead of the caller's 400.
            using var document = await JsonDocument.ParseAsync(request.Body, DocumentOptions, cancellationToken);
            var value = document.Deserialize<T>(Options);
            return value is null ? (null, ElsaProblems.Validation("body", "A JSON body is required.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ElsaProblems.Validation("body", $"The body is not valid JSON for this request: {e.Message}"));
        }
    }

    /// <summary>Reads the body and hands it to <paramref name="handle"/>, or answers the 400 when it cannot be read.</summary>
    public static async Task<IResult> WithBodyAsync<T>(HttpRequest request, Func<T, Task<IResult>> handle, CancellationToken cancellationToken)
        where T : class
    {
        var (body, problem) = await ReadAsync<T>(request, cancellationToken);
        return body is null ? problem! : await handle(body);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // A repeated key would silently keep the last value; a definition must mean one thing.
            AllowDuplicateProperties = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
