using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>Nothing is lost between two steps: a server stopped mid-lifecycle picks up its tickets and timers.</summary>
public sealed class RecoveryScenarios
{
    [Fact]
    public async Task QU_DL_1_a_ticket_and_its_timers_survive_a_restart_and_the_overdue_fires_on_the_new_server()
    {
        var folder = Directory.CreateTempSubdirectory("hotline-restart-").FullName;
        try
        {
            string number;
            await using (var before = await OnAsync(new HotlineHost(folder), "qu"))
            {
                number = await before.RegisterAsync();
                await before.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = before.Unit });
                await before.ActAsync(HotlineRole.UnitHandler, number, "sign");
            }

            await using var after = await OnAsync(new HotlineHost(folder), "qu");
            var ticket = await after.TicketAsync(number);
            Assert.Equal(At(2025, 9, 29, 9), ticket.Clock("Handle").DueAt()); // dispatched Fri 26 Sep 09:00, two working days
            await after.AdvanceToAsync(At(2025, 9, 29, 9, 1));
            ticket = await after.TicketAsync(number);
            Assert.True(ticket.Clock("Handle").GetProperty("overdue").GetBoolean());
            Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "qu")), await after.NoticesAsync(number));

            // The lifecycle waits where it stopped: the unit replies late, and the process goes on.
            ticket = await after.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已答复" });
            Assert.Equal("Replied", ticket.GetProperty("state").GetString());
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
