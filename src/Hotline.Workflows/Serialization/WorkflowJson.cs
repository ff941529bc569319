using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Workflows.Serialization;

/// <summary>The JSON conventions of the Elsa 3.8 wire format: camelCase names and string enums.</summary>
public static class WorkflowJson
{
    /// <summary>Options for descriptors, state and records sent to Studio.</summary>
    public static JsonSerializerOptions Options { get; } = Create(writeIndented: false);

    /// <summary>The same, indented, for files a person reads (exports, <c>workflows/</c>).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(writeIndented: true);

    private static JsonSerializerOptions Create(bool writeIndented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = writeIndented,
            // Chinese text stays readable in exported files.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
