using System.Reflection;
using System.Text.Json.Nodes;
using Hotline.Tickets.Problems;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hotline.Server.Tickets;

/// <summary>
/// Completes the API reference for the ticket actions, so it alone is enough to work a ticket: the
/// <c>Idempotency-Key</c> and <c>If-Match</c> headers, a request example, and every refusal as problem details with the
/// codes it may carry (the <c>ruleId</c> is the tenant profile's citation of the code, shown by <c>GET /api/policy</c>).
/// </summary>
internal sealed class TicketActionDocs : IOpenApiOperationTransformer
{
    private const string Prefix = "api/tickets/{number}/";
    private const string Attachments = "attachments";

    /// <summary>Every code of <see cref="ErrorCodes"/>, read once, so a new code is documented where its prefix applies.</summary>
    private static readonly string[] Codes = new[] { typeof(ErrorCodes), typeof(Hotline.Tickets.Merging.MergeCodes) }
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath ?? "";
        if (context.Description.HttpMethod != "POST" || !(path == "api/tickets" || path == "api/tickets/" || path.StartsWith(Prefix, StringComparison.Ordinal)))
            return Task.CompletedTask;
        var action = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : "";
        // An upload is not an action: it takes a file, no idempotency key or revision (Attachments/AttachmentEndpoints).
        if (action == Attachments)
            return Task.CompletedTask;

        operation.Parameters ??= [];
        operation.Parameters.Add(Header("Idempotency-Key", required: true,
            "1–100 characters. A retry with the same key and request replays the first answer; the key with another request is 422 ticket.idempotency-key-reused."));
        if (action.Length > 0)
            operation.Parameters.Add(Header("If-Match", required: false, "\"<revision>\" as last read; a stale one is 409 ticket.concurrency-conflict."));

        if (TicketActionExamples.For(action) is { } example && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
                media.Example = JsonNode.Parse(example);
        }

        operation.Responses ??= [];
        var specific = Specific(action);
        Refusal(operation, "400", "The request could not be read", ["request.unreadable", "request.if-match-invalid"]);
        Refusal(operation, "401", "Not signed in", []);
        Refusal(operation, "403", "The caller's role or unit may not take this action", ["access.denied", ErrorCodes.RoleNotAllowed, ErrorCodes.UnitNotAssigned]);
        if (action.Length > 0)
            Refusal(operation, "404", "No such ticket in the caller's tenant (or not the caller's to see)", [ErrorCodes.NotFound]);
        Refusal(operation, "409", "The ticket is not at a step that takes this action, or someone acted first",
            [ErrorCodes.InvalidState, ErrorCodes.StepNotExpected, ErrorCodes.ConcurrencyConflict]);
        Refusal(operation, "422", "A rule refused the action; ruleId names the regulation's rule",
            [ErrorCodes.InputMissing, ErrorCodes.InputTooLong, ErrorCodes.IdempotencyKeyReused, .. specific]);
        return Task.CompletedTask;
    }

    /// <summary>The codes of the action's own rules, by the code prefix of its area.</summary>
    private static IEnumerable<string> Specific(string action)
    {
        string[] prefixes = action.Split('/')[0] switch
        {
            "" => ["intake."],
            "reject" => ["intake."],
            "redirect-emergency" => ["emergency."],
            "dispatch" or "redispatch" or "reassign" or "co-units" => ["dispatch.", "unit."],
            "return" => ["return."],
            "extension" => ["extension."],
            "reply" or "countersign-reply" => ["reply."],
            "redo" or "revisit" or "revisit-review" => ["revisit."],
            "screening" => ["screening."],
            "termination" => ["termination."],
            "interview" => ["interview."],
            "merge" or "unmerge" => ["merge."],
            _ => [],
        };
        return Codes.Where(c => prefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal)) && c is not ErrorCodes.NotFound);
    }

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static void Refusal(OpenApiOperation operation, string status, string description, IReadOnlyCollection<string> codes)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = codes.Count == 0
                    ? new OpenApiSchema { Type = JsonSchemaType.String }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Enum = codes.Distinct().Select(c => (JsonNode)JsonValue.Create(c)!).ToList() },
                ["ruleId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The rule IDs of the regulation, comma-separated" },
            },
        };
        operation.Responses![status] = new OpenApiResponse
        {
            Description = codes.Count == 0 ? description : $"{description}. Codes: {string.Join(", ", codes.Distinct())}.",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        };
    }
}
