using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Model;

namespace Hotline.Tickets.Activities;

/// <summary>
/// What starts a hotline workflow (流程触发): a root activity flagged <c>canStartWorkflow</c> in a published definition.
/// An <see cref="AwaitTicketAction"/> trigger starts an instance when one of its actions is taken on a ticket (the
/// lifecycle starts on <c>Registered</c>, the screening flow on <c>ScreeningApplied</c>); a <see cref="StartDeadline"/>
/// trigger starts one instance per deadline clock of its kinds (a comma-separated list, or <c>Any</c>) when the
/// ticket starts that clock. Triggers are read from the inputs' literal values, as Elsa indexes them, without running the workflow.
/// </summary>
public static class TicketTriggers
{
    /// <summary>The <see cref="StartDeadline"/> clock value that watches every kind of clock.</summary>
    public const string AnyClock = "Any";

    /// <summary>Whether <paramref name="activity"/> is a trigger that starts on <paramref name="action"/>.</summary>
    public static bool StartsOn(Activity activity, TicketAction action)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.CanStartWorkflow
            && activity.Type == TicketActionBookmark.Name
            && Literal(activity, "Actions") is JsonArray actions
            && actions.Any(a => a is JsonValue v && v.TryGetValue<string>(out var name) && name == action.ToString());
    }

    /// <summary>Whether <paramref name="activity"/> is a trigger that watches clocks of <paramref name="kind"/>.</summary>
    public static bool Watches(Activity activity, DeadlineKind kind)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!activity.CanStartWorkflow || activity.Type != StartDeadline.Descriptor.TypeName)
        {
            return false;
        }

        var clock = Literal(activity, "Clock") is JsonValue value && value.TryGetValue<string>(out var text) ? text : nameof(DeadlineKind.Handle);
        return clock.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(c => c == AnyClock || c == kind.ToString());
    }

    /// <summary>
    /// The literal value of an input as Studio stores it (<c>{"typeName":…,"expression":{"type":"Literal","value":…}}</c>);
    /// an <c>Object</c>/<c>Json</c> expression's text is parsed. Null for any other expression: a trigger must be literal.
    /// </summary>
    private static JsonNode? Literal(Activity activity, string input)
    {
        if (activity.GetProperty(input) is not JsonObject wrapped || wrapped["expression"] is not JsonObject expression)
        {
            return null;
        }

        var type = expression["type"]?.GetValue<string>();
        var value = expression["value"];
        if (type is "Object" or "Json" && value is JsonValue text && text.TryGetValue<string>(out var json))
        {
            try
            {
                return JsonNode.Parse(json);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return type is "Literal" or "Object" or "Json" ? value : null;
    }
}
