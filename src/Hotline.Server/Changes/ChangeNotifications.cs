using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Application.Changes;

namespace Hotline.Server.Changes;

/// <summary>
/// A batch of ticket changes as PostgreSQL notifications, each payload under <see cref="MaxPayloadBytes"/> (PostgreSQL
/// refuses 8000 bytes or more): each change is written once and the messages are put together from the written
/// changes, so a batch costs its length, not its length squared. A change too large for one message on its own (a
/// ticket with very many units) goes as several changes of the same ticket, its lists split between them: a receiver
/// reads each part as a change of that ticket, which is what it needs to refresh and to tell the units concerned.
/// </summary>
internal static class ChangeNotifications
{
    public const int MaxPayloadBytes = 7000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The payloads of <paramref name="changes"/>, sent by <paramref name="node"/>; none is over <paramref name="maxBytes"/>.</summary>
    public static IEnumerable<string> Payloads(string node, IEnumerable<TicketChange> changes, int maxBytes = MaxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var head = $"{{\"node\":{JsonSerializer.Serialize(node, Json)},\"changes\":[";
        const string tail = "]}";
        var room = maxBytes - Encoding.UTF8.GetByteCount(head) - tail.Length;
        var part = new StringBuilder();
        var size = 0;
        foreach (var written in changes.SelectMany(c => Written(c, room)))
        {
            var bytes = Encoding.UTF8.GetByteCount(written);
            if (size > 0 && size + 1 + bytes > room)
            {
                yield return head + part + tail;
                part.Clear();
                size = 0;
            }

            if (size > 0)
            {
                part.Append(',');
                size++;
            }

            part.Append(written);
            size += bytes;
        }

        if (size > 0)
        {
            yield return head + part + tail;
        }
    }

    /// <summary>A payload's changes, or null for a payload that is not one (or this node's own, by <paramref name="node"/>).</summary>
    public static IReadOnlyList<TicketChange>? Read(string payload, string node)
    {
        var message = JsonSerializer.Deserialize<Message>(payload, Json);
        return message is { Changes: { Count: > 0 } changes } && message.Node != node ? changes : null;
    }

    /// <summary>The change as JSON, or as several parts of it when it alone is over <paramref name="room"/> bytes.</summary>
    private static IEnumerable<string> Written(TicketChange change, int room)
    {
        var json = JsonSerializer.Serialize(change, Json);
        if (Encoding.UTF8.GetByteCount(json) <= room)
        {
            return [json];
        }

        return Halves(change) is var (first, second)
            ? Written(first, room).Concat(Written(second, room))
            : throw new InvalidOperationException($"A change of ticket {change.Number} does not fit a notification even without its lists.");
    }

    /// <summary>The change in two, its longest list split between them; null when no list has two items left to split.</summary>
    private static (TicketChange, TicketChange)? Halves(TicketChange change)
    {
        var longest = new[] { change.UnitIds.Count, change.Actions.Count, change.ActorIds.Count }.Max();
        if (longest < 2)
        {
            return null;
        }

        if (change.UnitIds.Count == longest)
        {
            var half = longest / 2;
            return (change with { UnitIds = [.. change.UnitIds.Take(half)] }, change with { UnitIds = [.. change.UnitIds.Skip(half)] });
        }

        if (change.ActorIds.Count == longest)
        {
            var half = longest / 2;
            return (change with { ActorIds = [.. change.ActorIds.Take(half)] }, change with { ActorIds = [.. change.ActorIds.Skip(half)] });
        }

        var middle = longest / 2;
        return (change with { Actions = [.. change.Actions.Take(middle)] }, change with { Actions = [.. change.Actions.Skip(middle)] });
    }

    private sealed record Message(string Node, IReadOnlyList<TicketChange> Changes);
}
