using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Tickets.Activities;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Descriptors;

namespace Hotline.Tickets.Tests.Activities;

public sealed class HotlineDescriptorTests
{
    private static JsonObject Serialized(string typeName)
    {
        var registry = ActivityRegistry.CreateWithBuiltIns().AddHotlineActivities();
        var descriptor = registry.Descriptors.Single(d => d.TypeName == typeName);
        return JsonSerializer.SerializeToNode(descriptor)!.AsObject();
    }

    [Fact]
    public void Await_ticket_action_is_in_the_hotline_toolbox_with_its_actions_as_dynamic_ports()
    {
        var json = Serialized("Hotline.AwaitTicketAction");

        Assert.Equal("Hotline", (string?)json["category"]);
        Assert.Equal("AwaitTicketAction", (string?)json["name"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)json["displayName"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)json["description"]));
        var actions = json["inputs"]!.AsArray().Single(i => (string?)i!["name"] == "Actions")!;
        Assert.Equal("dynamic-outcomes", (string?)actions["uiHint"]);
        Assert.Equal("Object", (string?)actions["defaultSyntax"]);
    }

    [Fact]
    public void Deadline_is_in_the_hotline_toolbox_with_reached_and_stopped_ports()
    {
        var json = Serialized("Hotline.StartDeadline");

        Assert.Equal("Hotline", (string?)json["category"]);
        Assert.Equal(["Reached", "Stopped"], json["ports"]!.AsArray().Select(p => (string?)p!["name"]));
        var clock = json["inputs"]!.AsArray().Single(i => (string?)i!["name"] == "Clock")!;
        Assert.Equal("dropdown", (string?)clock["uiHint"]);
        var choices = clock["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => (string?)i!["value"]);
        Assert.Contains("Handle", choices);
    }

    [Fact]
    public void The_api_computes_the_same_hash_as_the_bookmark_the_activity_creates()
    {
        Assert.Equal(BookmarkHash.Compute("Hotline.AwaitTicketAction", JsonNode.Parse("""{"action":"Signed"}""")), TicketActionBookmark.Hash(TicketAction.Signed));
        Assert.NotEqual(TicketActionBookmark.Hash(TicketAction.Signed), TicketActionBookmark.Hash(TicketAction.DeemedSigned));
        Assert.Equal(TicketAction.Replied, TicketActionBookmark.ActionOf(JsonNode.Parse("""{"action":"Replied"}""")));
        Assert.Null(TicketActionBookmark.ActionOf(JsonNode.Parse("""{"action":"Replied!"}""")));
        Assert.Null(TicketActionBookmark.ActionOf(JsonNode.Parse("""{"action":"7"}""")));
    }
}
