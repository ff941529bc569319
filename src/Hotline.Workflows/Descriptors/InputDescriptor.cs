using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>
/// One input of an activity type as the designer shows it. <see cref="Name"/> is PascalCase
/// (<c>UnitCode</c>); the activity JSON stores the value under the camelCased name.
/// </summary>
public sealed class InputDescriptor
{
    public InputDescriptor(string name, string typeName = TypeAliases.String)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        TypeName = typeName;
        DisplayName = name;
    }

    [JsonPropertyName("name")] public string Name { get; }

    /// <summary>A type alias (<c>String</c>, <c>Int32</c>, <c>TimeSpan</c>…); values are converted to it at run time.</summary>
    [JsonPropertyName("typeName")] public string TypeName { get; init; }

    [JsonPropertyName("displayName")] public string DisplayName { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("category")] public string? Category { get; init; }
    [JsonPropertyName("order")] public float Order { get; init; }

    /// <summary>Studio hides an input unless this is literally <c>true</c>.</summary>
    [JsonPropertyName("isBrowsable")] public bool IsBrowsable { get; init; } = true;

    [JsonPropertyName("isSynthetic")] public bool IsSynthetic { get; init; }

    /// <summary>Wrapped inputs are stored as typed expressions; unwrapped ones as the raw JSON value.</summary>
    [JsonPropertyName("isWrapped")] public bool IsWrapped { get; init; } = true;

    [JsonPropertyName("uiHint")] public string UIHint { get; init; } = "singleline";
    [JsonPropertyName("defaultSyntax")] public string DefaultSyntax { get; init; } = "Literal";

    /// <summary>Applied by the runtime when the activity does not set the input.</summary>
    [JsonPropertyName("defaultValue")] public object? DefaultValue { get; init; }

    [JsonPropertyName("isReadOnly")] public bool IsReadOnly { get; init; }
    [JsonPropertyName("isSensitive")] public bool IsSensitive { get; init; }
    [JsonPropertyName("storageDriverType")] public string? StorageDriverType { get; init; }
    [JsonPropertyName("uiSpecifications")] public JsonObject? UISpecifications { get; init; }

    /// <summary>An input whose editor is a dropdown of fixed choices.</summary>
    public static InputDescriptor Dropdown(string name, string displayName, params (string Text, string Value)[] choices) =>
        new(name)
        {
            DisplayName = displayName,
            UIHint = "dropdown",
            UISpecifications = DropdownSpecification(choices),
        };

    /// <summary>The <c>uiSpecifications</c> object Studio's dropdown editor reads.</summary>
    public static JsonObject DropdownSpecification(IEnumerable<(string Text, string Value)> choices) => new()
    {
        ["dropdown"] = new JsonObject
        {
            ["selectList"] = new JsonObject
            {
                ["items"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject { ["text"] = c.Text, ["value"] = c.Value })]),
                ["isFlagsEnum"] = false,
            },
        },
    };
}
