using System.Globalization;
using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Server.Tests.ElsaApi;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Security;

/// <summary>What the cross-tenant tests do as a county's staff: tickets through the ticket API, flows through /elsa/api.</summary>
internal static class CrossTenantWorkflows
{
    /// <summary>A draft that waits for the ticket of its correlation id to be signed.</summary>
    public static JsonObject WaitForSigned(string definitionId) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = $"Wait for Signed ({definitionId})",
        ["version"] = 1,
        ["toolVersion"] = "3.8.2.0",
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray(new JsonObject
            {
                ["id"] = "awaitSigned",
                ["type"] = "Hotline.AwaitTicketAction",
                ["version"] = 1,
                ["actions"] = new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"Signed\"]" } },
                ["customProperties"] = new JsonObject { ["canStartWorkflow"] = false },
            }),
            ["connections"] = new JsonArray(),
        },
    };

    /// <summary>Registers a ticket in <paramref name="tenant"/> and dispatches it to the demo unit; returns its number.</summary>
    public static async Task<string> DispatchedTicketAsync(this HotlineHost host, string tenant)
    {
        var dispatcher = await host.ClientAsync(tenant, HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId(tenant) });
        return number;
    }

    /// <summary>The number after <paramref name="number"/> in its tenant's daily sequence (…-0001 → …-0002).</summary>
    public static string NextNumber(string number)
    {
        var cut = number.LastIndexOf('-') + 1;
        var sequence = number[cut..];
        return number[..cut] + (int.Parse(sequence, CultureInfo.InvariantCulture) + 1).ToString(new string('0', sequence.Length), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the latest version of <paramref name="definitionId"/> as Studio's ▶ does.</summary>
    public static Task<(System.Net.HttpStatusCode Status, JsonNode? Body)> ExecuteAsync(this HttpClient owner, string definitionId, string? correlationId) =>
        owner.PostJson($"/workflow-definitions/{definitionId}/execute", new { correlationId, triggerActivityId = (string?)null, versionOptions = "Latest", input = (object?)null });

    /// <summary>The lifecycle instance of a ticket, as its page links it.</summary>
    public static async Task<string> LifecycleInstanceAsync(this HotlineHost host, string tenant, string number)
    {
        var ticket = await (await host.ClientAsync(tenant, HotlineRole.Reviewer)).GetJsonAsync($"/api/tickets/{number}");
        return ticket.GetProperty("workflows").EnumerateArray().First(w => w.GetProperty("definitionId").GetString() == "ticket-lifecycle").GetProperty("id").GetString()!;
    }
}
