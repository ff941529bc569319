using Hotline.Application.Queues;
using Hotline.Application.Tickets;
using Hotline.Workbench.Queues;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The ticks of the 待派单 page (<see cref="QueueSelection"/>) follow the ticket number: a live reload brings fresh rows
/// (new records, a changed light), which keep their ticks; a ticket that left the page loses its tick, so a batch
/// dispatch sends exactly the tickets the dispatcher sees ticked.
/// </summary>
public sealed class QueueSelectionTests
{
    private static QueueRow Row(string number, DeadlineLight light = DeadlineLight.Normal) =>
        new(new TicketSummary(number, "Registered", "Consultation", "Normal", "138****0000", "路灯不亮", null, DateTimeOffset.UnixEpoch, null, light.ToString()), light);

    [Fact]
    public void A_reload_keeps_the_ticks_of_the_tickets_still_shown_on_their_fresh_rows_and_drops_the_others()
    {
        var selection = new QueueSelection();
        selection.Rows = new([Row("T-1"), Row("T-2"), Row("T-3")], QueueSelection.ByNumber);

        // Live reload: T-2 was dispatched by someone else, T-1 turned yellow, T-4 arrived.
        var reloaded = new[] { Row("T-1", DeadlineLight.Warning), Row("T-3"), Row("T-4") };
        Assert.True(selection.Shown(reloaded));

        Assert.Equal(["T-1", "T-3"], selection.Numbers.Order());
        // The ticks are the fresh rows, so the table shows them ticked and the batch reads their current state.
        Assert.Contains(selection.Rows, r => r.Ticket.Number == "T-1" && r.Light == DeadlineLight.Warning);
        Assert.Contains(reloaded[0], selection.Rows);
        Assert.DoesNotContain(reloaded[2], selection.Rows);

        // The same page again changes nothing.
        Assert.False(selection.Shown(reloaded));
        selection.Clear();
        Assert.Empty(selection.Numbers);
    }
}
