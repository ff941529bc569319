using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotline.Workflows.Bookmarks;

/// <summary>
/// The lookup key of a bookmark: SHA-256 (hex) of the activity type name and the payload written as
/// canonical JSON (object keys sorted), so the same stimulus always finds the same bookmarks.
/// </summary>
public static class BookmarkHash
{
    public static string Compute(string activityTypeName, JsonNode? payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(activityTypeName);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteCanonical(writer, payload);
        var text = activityTypeName + "\n" + Encoding.UTF8.GetString(buffer.WrittenSpan);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

}
