using System.Text.Json.Nodes;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Bookmarks;

namespace Hotline.Tickets.Activities;

/// <summary>
/// The bookmark a ticket action (工单操作) resumes: name <c>Hotline.AwaitTicketAction</c>, payload
/// <c>{"action":"Signed"}</c>, correlation id = the ticket number. The ticket API applies the domain action first, then
/// looks up this hash for the ticket's correlation id; no bookmark means the current workflow step does not expect the
/// action, and the API refuses it (rolling the domain change back) instead of letting ticket and workflow drift apart.
/// </summary>
public static class TicketActionBookmark
{
    /// <summary>The bookmark name, equal to the activity type that creates it.</summary>
    public const string Name = "Hotline.AwaitTicketAction";

    /// <summary>The payload that identifies one awaited action.</summary>
    public static JsonObject Payload(TicketAction action) => new() { ["action"] = action.ToString() };

    /// <summary>The hash the API looks up when <paramref name="action"/> is taken on a ticket.</summary>
    public static string Hash(TicketAction action) => BookmarkHash.Compute(Name, Payload(action));

    /// <summary>Reads the action from a payload or resume input (<c>{"action":"Signed"}</c>); null when absent or unknown.</summary>
    public static TicketAction? ActionOf(JsonNode? node) =>
        node is JsonObject obj && obj["action"] is JsonValue value && value.TryGetValue<string>(out var text)
            && TryParse(text, out var action)
            ? action
            : null;

    /// <summary>Parses an action by its exact name; numbers and other spellings are not actions.</summary>
    public static bool TryParse(string? name, out TicketAction action) =>
        Enum.TryParse(name, ignoreCase: false, out action) && string.Equals(action.ToString(), name, StringComparison.Ordinal);
}
