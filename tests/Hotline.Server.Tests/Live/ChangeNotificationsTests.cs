using System.Text;
using Hotline.Application.Changes;
using Hotline.Server.Changes;
using Hotline.Tickets.Tickets;

namespace Hotline.Server.Tests.Live;

/// <summary>
/// How the PostgreSQL relay packs changes into notifications (<see cref="ChangeNotifications"/>): every payload under
/// the limit, every change arrives once and whole, and a change too large for one notification is split by its lists
/// rather than dropped.
/// </summary>
public sealed class ChangeNotificationsTests
{
    private const string Sender = "node-a";

    internal static TicketChange Change(int i, int units = 2) => new(
        "hsb", $"HSB-2025-{i:D6}", TicketState.Registered, TicketState.Dispatched, [TicketAction.Dispatched], [$"user-{i}"],
        [.. Enumerable.Range(0, units).Select(_ => Guid.NewGuid())]);

    [Fact]
    public void A_large_batch_goes_in_several_notifications_each_under_the_limit_with_every_change_once()
    {
        var batch = Enumerable.Range(0, 3000).Select(i => Change(i)).ToList();

        var payloads = ChangeNotifications.Payloads(Sender, batch).ToList();

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= ChangeNotifications.MaxPayloadBytes));
        var received = payloads.SelectMany(p => ChangeNotifications.Read(p, "node-b")!).ToList();
        Assert.Equal(batch.Select(c => c.Number), received.Select(c => c.Number));
        Assert.Equal(batch[1234].UnitIds, received[1234].UnitIds);
        // The sender skips its own.
        Assert.Null(ChangeNotifications.Read(payloads[0], Sender));
    }

    [Fact]
    public void A_change_too_large_for_one_notification_arrives_in_parts_that_together_name_every_unit()
    {
        var big = Change(1, units: 1000);

        var payloads = ChangeNotifications.Payloads(Sender, [Change(0), big, Change(2)]).ToList();

        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= ChangeNotifications.MaxPayloadBytes));
        var received = payloads.SelectMany(p => ChangeNotifications.Read(p, "node-b")!).ToList();
        var parts = received.Where(c => c.Number == big.Number).ToList();
        Assert.True(parts.Count > 1);
        Assert.Equal(big.UnitIds.Order(), parts.SelectMany(p => p.UnitIds).Order());
        Assert.All(parts, p =>
        {
            Assert.Equal(big.State, p.State);
            Assert.Equal(big.Actions, p.Actions);
            Assert.Equal(big.ActorIds, p.ActorIds);
        });
        Assert.Equal([Change(0).Number, big.Number, Change(2).Number], received.Select(c => c.Number).Distinct());
    }
}
