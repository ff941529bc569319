using Hotline.Tickets.Notices;
using Hotline.Tickets.Notices.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Hotline.Tickets.Tests.Notices;

public sealed class NoticeDeliveryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly NoticeTestDatabase database = new();
    private readonly FakeTimeProvider clock = new(Start);
    private readonly NoticeDeliveryOptions options = new()
    {
        Retry = new NoticeRetryPolicy(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)),
    };

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task A_notice_is_written_once_per_cause_and_delivered_once_as_an_eml_file()
    {
        await EnqueueOverdueAsync("HSB-1:handle:overdue");
        await EnqueueOverdueAsync("HSB-1:handle:overdue"); // the timer fired twice

        var transport = new PickupFolderMailTransport(new MailOptions { PickupDirectory = database.PickupDirectory });
        var first = await DeliverAsync(transport);
        var second = await DeliverAsync(transport);

        Assert.Equal(new DeliveryRound(1, 0, 0), first);
        Assert.Equal(new DeliveryRound(0, 0, 0), second);
        var file = Assert.Single(Directory.GetFiles(database.PickupDirectory, "*.eml"));
        var message = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal("【12345热线】督办通知：工单 HSB-1 办理时限已逾期", message.Subject);
        Assert.Equal("unit-leader@example.cn", message.To.Mailboxes.Single().Address);
        Assert.StartsWith(Path.GetFileNameWithoutExtension(file), message.MessageId, StringComparison.Ordinal);
        await using var db = database.Open();
        var notice = await db.Set<Notice>().SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Start, notice.SentAt);
    }

    [Fact]
    public async Task A_failing_transport_is_retried_with_back_off_and_then_abandoned()
    {
        await EnqueueOverdueAsync("HSB-2:handle:overdue");
        var transport = new FailingTransport();

        Assert.Equal(new DeliveryRound(0, 1, 0), await DeliverAsync(transport));
        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(transport)); // not due again yet

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeliveryRound(0, 1, 0), await DeliverAsync(transport));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(transport)); // second delay is two minutes
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DeliveryRound(0, 1, 0), await DeliverAsync(transport));

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(transport));
        await using var db = database.Open();
        var notice = await db.Set<Notice>().SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, notice.Attempts);
        Assert.NotNull(notice.AbandonedAt);
        Assert.Null(notice.SentAt);
        Assert.Equal("relay refused", notice.LastError);
        Assert.Equal(3, transport.Calls);
    }

    [Fact]
    public async Task Two_nodes_delivering_at_once_send_each_notice_once()
    {
        for (var i = 0; i < 20; i++)
        {
            await EnqueueOverdueAsync($"HSB-{i}:handle:overdue");
        }

        var transport = new CountingTransport();
        var rounds = await Task.WhenAll(DeliverAsync(transport), DeliverAsync(transport));

        Assert.Equal(20, rounds.Sum(r => r.Sent));
        Assert.Equal(20, transport.Sent.Count);
        Assert.Equal(20, transport.Sent.Distinct().Count());
    }

    [Fact]
    public async Task A_notice_rolled_back_with_its_cause_is_never_sent()
    {
        await using (var db = database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await Outbox().EnqueueAsync(db, OverdueRequest("HSB-9:handle:overdue"), TestContext.Current.CancellationToken);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(new CountingTransport()));
    }

    private NoticeOutbox Outbox() => new(NoticeTemplates.Default, clock);

    private async Task EnqueueOverdueAsync(string key)
    {
        await using var db = database.Open();
        await Outbox().EnqueueAsync(db, OverdueRequest(key), TestContext.Current.CancellationToken);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static NoticeRequest OverdueRequest(string key) => new(
        "hsb",
        key.Split(':')[0],
        "deadline-overdue",
        NoticeRecipient.Email("unit-leader@example.cn", "王主任"),
        new Dictionary<string, string?>
        {
            ["recipientName"] = "王主任",
            ["ticketNumber"] = key.Split(':')[0],
            ["clockName"] = "办理时限",
            ["dueAt"] = "2026-03-02 09:00",
            ["centreName"] = "红寺堡区分中心",
        },
        key);

    private async Task<DeliveryRound> DeliverAsync(INoticeTransport transport)
    {
        await using var db = database.Open();
        var delivery = new NoticeDelivery(db, [transport], clock, options, NullLogger<NoticeDelivery>.Instance);
        return await delivery.DeliverDueAsync(TestContext.Current.CancellationToken);
    }

    private sealed class FailingTransport : INoticeTransport
    {
        public int Calls { get; private set; }

        public NoticeChannel Channel => NoticeChannel.Email;

        public Task SendAsync(Notice notice, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("relay refused");
        }
    }

    private sealed class CountingTransport : INoticeTransport
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

        public NoticeChannel Channel => NoticeChannel.Email;

        public Task SendAsync(Notice notice, CancellationToken cancellationToken)
        {
            Sent.Enqueue(notice.Id);
            return Task.CompletedTask;
        }
    }
}
