using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>
/// Bookmark hashes are stored and matched: a database written by an earlier build must still resume. So the hash is
/// the one first defined (SHA-256 of the type name, a newline and the canonical JSON, taken through strings), however
/// it is computed now.
/// </summary>
public class BookmarkHashTests
{
    public static TheoryData<string, string?> Payloads => new()
    {
        { "Hotline.AwaitTicketAction", """{"unit":"W","actions":["Sign","Return"]}""" },
        { "Elsa.Event", """{"eventName":"Approved"}""" },
        { "Elsa.Delay", null },
        { "Hotline.AwaitTicketAction", """{"z":{"b":[1,2.5,true,null],"a":"工单\"引号\"\n换行"},"a":[]}""" },
        { "活动.等待", """{"名称":"红寺堡区","emoji":"😀","x":-0.0}""" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_hash_is_the_one_an_earlier_build_stored(string activityTypeName, string? payload)
    {
        var node = payload is null ? null : JsonNode.Parse(payload);
        Assert.Equal(AsFirstDefined(activityTypeName, node), BookmarkHash.Compute(activityTypeName, node));
    }

    [Fact]
    public void A_known_stored_hash_still_matches_and_key_order_does_not_matter()
    {
        // Computed outside .NET: SHA-256 of "AwaitTicketAction\n{\"a\":\"x\",\"b\":1}".
        const string stored = "D08A0DBC889AA2B1447661A1C0E6F30259A650D113668CD1DD41850467D22463";
        Assert.Equal(stored, BookmarkHash.Compute("AwaitTicketAction", JsonNode.Parse("""{"b":1,"a":"x"}""")));
        Assert.NotEqual(stored, BookmarkHash.Compute("AwaitTicketAction", JsonNode.Parse("""{"b":2,"a":"x"}""")));
    }

    [Fact]
    public void An_input_hashed_again_gets_its_own_hash_from_many_threads_past_the_remembered_count()
    {
        // Short inputs are remembered: 3,000 that differ only in a number (past the count kept, so the memory starts
        // over while other threads read it), each asked twice at once, and one longer than is kept.
        Parallel.For(0, 3000, i =>
        {
            var node = JsonNode.Parse($$"""{"action":"Signed","n":{{i % 1500}}}""");
            var expected = AsFirstDefined("Hotline.AwaitTicketAction", node);
            Assert.Equal(expected, BookmarkHash.Compute("Hotline.AwaitTicketAction", node));
            Assert.Equal(expected, BookmarkHash.Compute("Hotline.AwaitTicketAction", node));
        });
        var longer = JsonNode.Parse($$"""{"text":"{{new string('x', 400)}}"}""");
        Assert.Equal(AsFirstDefined("Elsa.Event", longer), BookmarkHash.Compute("Elsa.Event", longer));
        Assert.Equal(AsFirstDefined("Elsa.Event", longer), BookmarkHash.Compute("Elsa.Event", longer));
    }

    /// <summary>
    /// The hash as first defined, by other means: the canonical JSON from a sorted copy of the node, and the hashed text
    /// built as a string, as the first build did.
    /// </summary>
    private static string AsFirstDefined(string activityTypeName, JsonNode? payload)
    {
        var text = activityTypeName + "\n" + (Canonical(payload)?.ToJsonString() ?? "null");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        null => null,
        _ => node.DeepClone(),
    };
}
