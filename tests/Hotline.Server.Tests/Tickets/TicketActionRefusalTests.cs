using System.Net;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// Every action endpoint refuses, with problem details and nothing changed, a user whose roles the regulations do
/// not give the action (rules.md §6), and a centre decision the ticket's state does not allow.
/// </summary>
public sealed class TicketActionRefusalTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    /// <summary>Each action with a body it would accept and a role that may not take it (rules.md §6).</summary>
    public static TheoryData<string, string, HotlineRole> WrongRole => new()
    {
        { "reject", """{"ground":"OutOfScope","explanation":"x"}""", HotlineRole.UnitHandler },
        { "redirect-emergency", """{"line":"110"}""", HotlineRole.Reviewer },
        { "dispatch", """{"leadUnitId":"00000000-0000-0000-0000-000000000001"}""", HotlineRole.UnitHandler },
        { "redispatch", """{"leadUnitId":"00000000-0000-0000-0000-000000000001"}""", HotlineRole.Auditor },
        { "co-units", """{"unitId":"00000000-0000-0000-0000-000000000001"}""", HotlineRole.UnitLeader },
        { "sign", "{}", HotlineRole.Dispatcher },
        { "first-contact", """{"note":"x"}""", HotlineRole.Reviewer },
        { "urgent-response", """{"kind":"InitialResponse","text":"x"}""", HotlineRole.Dispatcher },
        { "co-unit-opinion", """{"opinion":"x"}""", HotlineRole.Dispatcher },
        { "return", """{"reason":"OutOfDuty","explanation":"x"}""", HotlineRole.Dispatcher },
        { "return/approve", "{}", HotlineRole.UnitHandler },
        { "return/reject", """{"reason":"x"}""", HotlineRole.UnitLeader },
        { "extension", """{"workingDays":2,"reason":"x"}""", HotlineRole.Reviewer },
        { "extension/approve", "{}", HotlineRole.UnitLeader },
        { "extension/deny", """{"reason":"x"}""", HotlineRole.UnitHandler },
        { "reply", """{"measures":"x"}""", HotlineRole.Reviewer },
        { "reply/accept", "{}", HotlineRole.UnitHandler },
        { "reply/send-back", """{"reason":"x"}""", HotlineRole.Dispatcher },
        { "revisit", """{"rating":"Satisfied"}""", HotlineRole.UnitHandler },
        { "redo", """{"reason":"x"}""", HotlineRole.UnitLeader },
        { "screening", """{"explanation":"x","evidence":[]}""", HotlineRole.Reviewer },
        { "screening/evidence-request", """{"what":"x"}""", HotlineRole.UnitHandler },
        { "screening/evidence", """{"note":"x","evidence":[]}""", HotlineRole.Reviewer },
        { "screening/decision", """{"upheld":true,"reason":"x"}""", HotlineRole.UnitHandler },
        { "supervise", """{"form":"Written","grounds":["overdue"],"text":"x"}""", HotlineRole.Reviewer },
        { "interview", """{"unitId":"00000000-0000-0000-0000-000000000001","level":"x","reason":"x"}""", HotlineRole.Dispatcher },
        { "discipline", """{"reason":"x"}""", HotlineRole.UnitHandler },
        { "termination", """{"facts":"x","basis":"x"}""", HotlineRole.Dispatcher },
        { "termination/approve", "{}", HotlineRole.Dispatcher },
        { "archive", "{}", HotlineRole.UnitHandler },
    };

    /// <summary>Centre decisions that need a later state than a freshly registered ticket has.</summary>
    public static TheoryData<string, string> DecisionBeforeItsStep => new()
    {
        { "return/approve", "{}" },
        { "return/reject", """{"reason":"不符合退办条件"}""" },
        { "extension/approve", "{}" },
        { "extension/deny", """{"reason":"理由不充分"}""" },
        { "reply/accept", "{}" },
        { "reply/send-back", """{"reason":"答复不完整"}""" },
        { "revisit", """{"rating":"Satisfied"}""" },
        { "screening/decision", """{"upheld":true,"reason":"证据充分"}""" },
    };

    [Theory]
    [MemberData(nameof(WrongRole))]
    public async Task An_action_is_refused_to_a_role_the_regulations_do_not_give_it(string action, string body, HotlineRole role)
    {
        var (number, before) = await FreshTicketAsync();
        var client = await host.ClientAsync("qu", role);

        var response = await client.TryActAsync(number, action, System.Text.Json.JsonDocument.Parse(body).RootElement);

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("access.denied", problem.GetProperty("code").GetString());
        await AssertUnchangedAsync(number, before);
    }

    [Theory]
    [MemberData(nameof(DecisionBeforeItsStep))]
    public async Task A_centre_decision_before_its_step_is_a_conflict_that_changes_nothing(string action, string body)
    {
        var (number, before) = await FreshTicketAsync();
        var reviewer = await host.ClientAsync("qu", HotlineRole.Reviewer);

        var response = await reviewer.TryActAsync(number, action, System.Text.Json.JsonDocument.Parse(body).RootElement);

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("ticket.invalid-state", problem.GetProperty("code").GetString());
        await AssertUnchangedAsync(number, before);
    }

    private async Task<(string Number, int Revision)> FreshTicketAsync()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        return (ticket.GetProperty("number").GetString()!, ticket.GetProperty("revision").GetInt32());
    }

    private async Task AssertUnchangedAsync(string number, int revision)
    {
        var auditor = await host.ClientAsync("qu", HotlineRole.Auditor);
        var ticket = await auditor.GetJsonAsync($"/api/tickets/{number}");
        Assert.Equal(revision, ticket.GetProperty("revision").GetInt32());
        Assert.Equal(["Registered"], ticket.Actions());
    }
}
