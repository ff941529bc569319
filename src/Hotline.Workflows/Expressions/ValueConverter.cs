using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Serialization;

namespace Hotline.Workflows.Expressions;

/// <summary>
/// Converts run-time values. Studio stores literals as strings whatever the type
/// (<c>"5"</c> for an Int32), so strings are parsed into the requested type.
/// </summary>
public static class ValueConverter
{
    /// <summary>Converts a JSON value to <typeparamref name="T"/>; throws <see cref="FormatException"/> when it cannot.</summary>
    public static T? Convert<T>(JsonNode? node) => (T?)Convert(node, typeof(T));

    public static object? Convert(JsonNode? node, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null)
            return null;
        if (target.IsInstanceOfType(node))
            return node;
        if (target == typeof(object))
            return Unwrap(node);
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return Parse(value.GetValue<string>(), target);
        if (target == typeof(string))
            return node.ToJsonString();
        try
        {
            return node.Deserialize(target, WorkflowJson.Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"cannot convert {node.ToJsonString()} to {TypeAliases.Of(target)}", ex);
        }
    }

    /// <summary>A JSON value for a variable of the given alias, e.g. the string "5" becomes the number 5 for Int32.</summary>
    public static JsonNode? ToTyped(JsonNode? node, string typeName)
    {
        var clr = TypeAliases.ClrType(typeName);
        if (node is null || clr is null || clr == typeof(object))
        {
            // Object and JSON variables given JSON text hold the parsed value.
            return node is JsonValue text && text.GetValueKind() == JsonValueKind.String && clr == typeof(object)
                ? TryParseJson(text.GetValue<string>()) ?? node
                : node;
        }

        return JsonSerializer.SerializeToNode(Convert(node, clr), WorkflowJson.Options);
    }

    /// <summary>The initial value of a declared variable from the string Studio stores.</summary>
    public static JsonNode? FromStored(string? stored, string typeName)
    {
        if (stored is null)
            return null;
        if (stored.Length == 0 && typeName != TypeAliases.String)
            return null;
        return ToTyped(JsonValue.Create(stored), typeName);
    }

    /// <summary>Any value an activity or script produced, as JSON.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), WorkflowJson.Options),
    };

    private static object? Unwrap(JsonNode node)
    {
        if (node is not JsonValue value)
            return node;
        return value.GetValueKind() switch
        {
            // Each arm is cast to object: JsonNode's implicit conversions would otherwise turn them back into nodes.
            JsonValueKind.String => (object)value.GetValue<string>(),
            JsonValueKind.True => (object)true,
            JsonValueKind.False => (object)false,
            JsonValueKind.Number when value.TryGetValue(out long l) => (object)l,
            JsonValueKind.Number => (object)value.GetValue<double>(),
            _ => (object)node,
        };
    }

    private static object? Parse(string text, Type target)
    {
        if (target == typeof(string))
            return text;
        if (text.Length == 0)
            return null;
        var invariant = CultureInfo.InvariantCulture;
        try
        {
            return target switch
            {
                _ when target == typeof(bool) => bool.Parse(text),
                _ when target == typeof(int) => int.Parse(text, NumberStyles.Integer, invariant),
                _ when target == typeof(long) => long.Parse(text, NumberStyles.Integer, invariant),
                _ when target == typeof(double) => double.Parse(text, NumberStyles.Float, invariant),
                _ when target == typeof(decimal) => decimal.Parse(text, NumberStyles.Number, invariant),
                _ when target == typeof(Guid) => Guid.Parse(text, invariant),
                _ when target == typeof(DateTimeOffset) => DateTimeOffset.Parse(text, invariant, DateTimeStyles.AssumeUniversal),
                _ when target == typeof(DateTime) => DateTime.Parse(text, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                // "00:05:00" as .NET writes it, or an ISO-8601 duration such as "PT5M".
                _ when target == typeof(TimeSpan) => text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal)
                    ? XmlConvert.ToTimeSpan(text)
                    : TimeSpan.Parse(text, invariant),
                _ when target.IsEnum => Enum.Parse(target, text, ignoreCase: true),
                _ => JsonSerializer.Deserialize(TryParseJson(text)?.ToJsonString() ?? JsonSerializer.Serialize(text), target, WorkflowJson.Options),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or JsonException)
        {
            throw new FormatException($"'{text}' is not a valid {TypeAliases.Of(target)}", ex);
        }
    }

    private static JsonNode? TryParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
