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
        // The bytes hashed are the name's UTF-8, a newline and the canonical JSON, written straight into one buffer: the
        // same bytes the hash was first defined over (through two strings), so stored hashes keep matching.
        var buffer = new ArrayBufferWriter<byte>(256);
        var name = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(activityTypeName.Length) + 1);
        var length = Encoding.UTF8.GetBytes(activityTypeName, name);
        name[length] = (byte)'\n';
        buffer.Advance(length + 1);
        using (var writer = new Utf8JsonWriter(buffer))
            WriteCanonical(writer, payload);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexString(hash);
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
