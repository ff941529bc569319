using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotline.Workflows.Expressions;

/// <summary>
/// Evaluates a wrapped input <c>{typeName, expression:{type,value}}</c> to a JSON value:
/// Literal (a string), Object (JSON text), Variable (a variable reference), Input (a workflow
/// input) or JavaScript (sandboxed).
/// </summary>
internal sealed class ExpressionEvaluator(JavaScriptLimits limits)
{
    private readonly JavaScriptEvaluator _javaScript = new(limits);

    /// <summary>Evaluates the stored form of a wrapped input; an absent expression evaluates to null.</summary>
    public JsonNode? EvaluateWrapped(JsonNode? wrapped, IExpressionScope scope)
    {
        if (wrapped is not JsonObject obj)
            return wrapped?.DeepClone();
        if (obj["expression"] is not JsonObject expression)
        {
            // An input bound only to a variable: {typeName, memoryReference:{id}}.
            return obj["memoryReference"] is JsonObject reference && reference["id"]?.ToString() is { } id
                ? scope.GetVariable(id)?.DeepClone()
                : null;
        }

        return Evaluate(expression["type"]?.ToString() ?? ExpressionTypes.Literal, expression["value"], scope);
    }

    public JsonNode? Evaluate(string type, JsonNode? value, IExpressionScope scope)
    {
        var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString();
        switch (type)
        {
            case ExpressionTypes.Literal:
                return value?.DeepClone();
            case ExpressionTypes.Object:
                if (value is not JsonValue)
                    return value?.DeepClone();
                if (string.IsNullOrWhiteSpace(text))
                    return null;
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException ex)
                {
                    throw new ExpressionException($"Object expression is not valid JSON: {ex.Message}", ex);
                }

            case ExpressionTypes.Variable:
                return ResolveVariable(value, scope)?.DeepClone();
            case ExpressionTypes.Input:
                var name = VariableReference(value) ?? text ?? "";
                return scope.WorkflowInput.TryGetPropertyValue(name, out var input) ? input?.DeepClone() : null;
            case ExpressionTypes.JavaScript:
                return string.IsNullOrWhiteSpace(text) ? null : _javaScript.Evaluate(text, scope);
            default:
                throw new ExpressionException($"unknown expression type '{type}'");
        }
    }

    /// <summary>A variable reference resolved by its id, then, when the id is stale (e.g. the variable was re-created), by its name.</summary>
    private static JsonNode? ResolveVariable(JsonNode? value, IExpressionScope scope)
    {
        var id = VariableReference(value) ?? throw new ExpressionException("Variable expression names no variable");
        try
        {
            return scope.GetVariable(id);
        }
        catch (ExpressionException) when (ReferenceObject(value)?["name"]?.ToString() is { Length: > 0 } name && name != id)
        {
            return scope.GetVariable(name);
        }
    }

    private static JsonObject? ReferenceObject(JsonNode? value)
    {
        if (value is JsonObject obj)
            return obj;
        try
        {
            return value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonNode.Parse(v.GetValue<string>()) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Studio stores a variable reference as a JSON string of <c>{id,name,...}</c>; an object or a
    /// bare name is accepted too. Returns the id when there is one, else the name.
    /// </summary>
    public static string? VariableReference(JsonNode? value)
    {
        var node = value;
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>().Trim();
            if (!text.StartsWith('{'))
                return text.Length == 0 ? null : text;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new ExpressionException($"Variable reference is not valid JSON: {ex.Message}", ex);
            }
        }

        return node is JsonObject obj ? (obj["id"]?.ToString() is { Length: > 0 } id ? id : obj["name"]?.ToString()) : null;
    }
}
