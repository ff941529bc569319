using System.Buffers;
using System.Collections.Concurrent;
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
    /// <summary>
    /// Short inputs are remembered with their hash: a process hashes the same few (a ticket action's
    /// <c>{"action":"Signed"}</c> on every delivery and every bookmark it creates), and SHA-256 through OpenSSL was
    /// 1.5 % of the server's CPU per ticket action. The hash itself is unchanged; only inputs up to this many bytes are
    /// kept, at most <see cref="RememberedInputs"/> of them (past it the memory starts over), so the memory is bounded.
    /// </summary>
    private const int RememberedLength = 256;

    private const int RememberedInputs = 1024;

    private static readonly ConcurrentDictionary<byte[], string> Remembered = new(InputComparer.Instance);

    private static readonly ConcurrentDictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> RememberedBySpan =
        Remembered.GetAlternateLookup<ReadOnlySpan<byte>>();

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
        var input = buffer.WrittenSpan;
        if (input.Length > RememberedLength)
            return Sha256Hex(input);
        if (RememberedBySpan.TryGetValue(input, out var remembered))
            return remembered;
        var computed = Sha256Hex(input);
        if (Remembered.Count >= RememberedInputs)
            Remembered.Clear();
        RememberedBySpan.TryAdd(input, computed);
        return computed;
    }

    private static string Sha256Hex(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
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

    /// <summary>Inputs compared by their bytes; looked up by span, so a remembered input is found without a copy.</summary>
    private sealed class InputComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly InputComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
