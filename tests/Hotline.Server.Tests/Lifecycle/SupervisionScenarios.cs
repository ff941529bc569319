using Hotline.Tickets.Access;
using Hotline.Server.Tests.Tickets;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>督办/约谈: timers that warn, mark overdue, notify the unit leader and call for interviews (rules.md §5.8).</summary>
public sealed class SupervisionScenarios
{
    [Fact]
    public async Task QU_DL_1_QU_SPV_1_QU_INT_1_an_overdue_ticket_is_supervised_and_its_unit_called_to_the_first_interview_level()
    {
        // Friday 26 September 2025 before National Day; Sunday 28 September is an adjusted working day.
        await using var s = await StartAsync("qu", At(2025, 9, 26, 9));
        var number = await s.RegisterAsync();
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal(At(2025, 9, 29, 15), ticket.Clock("Handle").DueAt());

        await s.AdvanceToAsync(At(2025, 9, 28, 10));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        // At the due minute itself the ticket is on time (CC-7); a minute later its timer marks it overdue.
        await s.AdvanceToAsync(At(2025, 9, 29, 15));
        Assert.DoesNotContain("DeadlineReached", (await s.TicketAsync(number)).Actions());
        await s.AdvanceToAsync(At(2025, 9, 29, 15, 1));
        ticket = await s.TicketAsync(number);
        Assert.True(ticket.Clock("Handle").GetProperty("overdue").GetBoolean());
        Assert.Contains("DeadlineReached", ticket.Actions());

        var notices = await s.NoticesAsync(number);
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "qu")), notices);
        Assert.Contains(("interview-scheduled", Address(HotlineRole.Supervisor, "qu")), notices);

        var supervision = InstancesOf(ticket, "supervision").ToList();
        Assert.NotEmpty(supervision);
        var lifecycle = Assert.Single(InstancesOf(ticket, "ticket-lifecycle"));
        Assert.Equal(lifecycle.GetProperty("id").GetString(), ticket.GetProperty("workflowInstanceId").GetString());
        var journal = await s.JournalAsync(lifecycle.GetProperty("id").GetString()!);
        Assert.Contains(journal, j => j.ActivityId == "awaitSign" && j.Event == "Completed" && j.Actor?.StartsWith("UnitHandler:", StringComparison.Ordinal) == true);
    }
}
