using System.Collections.Concurrent;
using System.Data.Common;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Notices.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Hotline.Tickets.Tests.Notices;

public sealed class NoticeDeliveryTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider clock = new(Start);
    private readonly NoticeDeliveryOptions options = new()
    {
        Retry = new NoticeRetryPolicy(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)),
    };

    private NoticeTestDatabase? database;

    private NoticeTestDatabase Database => database ?? throw new InvalidOperationException("The test opens its database first.");

    public async ValueTask DisposeAsync()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_notice_is_written_once_per_cause_and_delivered_once_as_an_eml_file(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync("HSB-1:handle:overdue");
        await EnqueueOverdueAsync("HSB-1:handle:overdue"); // the timer fired twice

        var transport = new PickupFolderMailTransport(new MailOptions { PickupDirectory = Database.PickupDirectory });
        var first = await DeliverAsync(transport);
        var second = await DeliverAsync(transport);

        Assert.Equal(new DeliveryRound(1, 0, 0), first);
        Assert.Equal(new DeliveryRound(0, 0, 0), second);
        var file = Assert.Single(Directory.GetFiles(Database.PickupDirectory, "*.eml"));
        var message = await MimeMessage.LoadAsync(file, Ct);
        Assert.Equal("【12345热线】督办通知：工单 HSB-1 办理时限已逾期", message.Subject);
        Assert.Equal("unit-leader@example.cn", message.To.Mailboxes.Single().Address);
        Assert.StartsWith(Path.GetFileNameWithoutExtension(file), message.MessageId, StringComparison.Ordinal);
        var notice = Assert.Single(await NoticesAsync());
        Assert.Equal(Start, notice.SentAt);
        Assert.Equal(1, notice.Attempts);
        Assert.Null(notice.ClaimedUntil);
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_failing_transport_is_retried_with_back_off_and_then_abandoned(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync("HSB-2:handle:overdue");
        var transport = new FailingTransport(_ => "relay refused");

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
        var notice = Assert.Single(await NoticesAsync());
        Assert.Equal(3, notice.Attempts);
        Assert.NotNull(notice.AbandonedAt);
        Assert.Null(notice.SentAt);
        Assert.Equal("relay refused", notice.LastError);
        Assert.Equal(3, transport.Calls);
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_failing_transport_marks_only_its_own_notices_failed_each_with_its_own_error_and_back_off(string provider)
    {
        await OpenAsync(provider);
        foreach (var number in new[] { "HSB-1", "HSB-2", "HSB-3" })
        {
            await EnqueueOverdueAsync($"{number}:handle:overdue");
        }

        await EnqueueOverdueAsync("HSB-1:handle:overdue:sms", NoticeRecipient.Sms("13800138000", "王主任"));
        var errors = new Dictionary<string, string> { ["HSB-1"] = "relay refused", ["HSB-2"] = "mailbox full" };
        var mail = new FailingTransport(n => errors.GetValueOrDefault(n.TicketNumber!));
        var sms = new CountingTransport(NoticeChannel.Sms);

        Assert.Equal(new DeliveryRound(2, 2, 0), await DeliverAsync(mail, sms));

        var notices = (await NoticesAsync()).ToDictionary(n => n.DeduplicationKey);
        Assert.All(notices.Values, n => Assert.Equal(1, n.Attempts));
        Assert.All(notices.Values, n => Assert.Null(n.ClaimedUntil));
        Assert.Equal(("relay refused", Start + TimeSpan.FromMinutes(1)), (notices["HSB-1:handle:overdue"].LastError, notices["HSB-1:handle:overdue"].NextAttemptAt));
        Assert.Equal(("mailbox full", Start + TimeSpan.FromMinutes(1)), (notices["HSB-2:handle:overdue"].LastError, notices["HSB-2:handle:overdue"].NextAttemptAt));
        Assert.All(new[] { notices["HSB-1:handle:overdue"], notices["HSB-2:handle:overdue"] }, n => Assert.Null(n.SentAt));
        Assert.Equal((Start, (string?)null), (notices["HSB-3:handle:overdue"].SentAt, notices["HSB-3:handle:overdue"].LastError));
        Assert.Equal(Start, notices["HSB-1:handle:overdue:sms"].SentAt);

        // A later round fails notices on different attempts alike: each still backs off by its own count.
        clock.Advance(TimeSpan.FromMinutes(1));
        await EnqueueOverdueAsync("HSB-4:handle:overdue");
        errors["HSB-2"] = errors["HSB-4"] = "relay refused";
        Assert.Equal(new DeliveryRound(0, 3, 0), await DeliverAsync(mail, sms));
        notices = (await NoticesAsync()).ToDictionary(n => n.DeduplicationKey);
        var now = Start + TimeSpan.FromMinutes(1);
        Assert.Equal((2, now + TimeSpan.FromMinutes(2), "relay refused"), Failure(notices["HSB-1:handle:overdue"]));
        Assert.Equal((2, now + TimeSpan.FromMinutes(2), "relay refused"), Failure(notices["HSB-2:handle:overdue"]));
        Assert.Equal((1, now + TimeSpan.FromMinutes(1), "relay refused"), Failure(notices["HSB-4:handle:overdue"]));
        Assert.Equal(Start, notices["HSB-3:handle:overdue"].SentAt);
        Assert.Equal(1, notices["HSB-3:handle:overdue"].Attempts);

        static (int, DateTimeOffset, string?) Failure(Notice n) => (n.Attempts, n.NextAttemptAt, n.LastError);
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task Two_nodes_delivering_at_once_send_each_notice_once(string provider)
    {
        await OpenAsync(provider);
        const int count = 250; // more than two batches, so the nodes meet over several claims
        await using (var db = Database.Open())
        {
            for (var i = 0; i < count; i++)
            {
                await Outbox().EnqueueAsync(db, OverdueRequest($"HSB-{i}:handle:overdue"), Ct);
            }

            await db.SaveChangesAsync(Ct);
        }

        var transport = new CountingTransport(NoticeChannel.Email, yields: true);
        var rounds = await Task.WhenAll(DeliverAllAsync(transport), DeliverAllAsync(transport));

        Assert.Equal(count, rounds.Sum());
        Assert.Equal(count, transport.Sent.Count);
        Assert.Equal(count, transport.Sent.Distinct().Count());
        var notices = await NoticesAsync();
        Assert.All(notices, n => Assert.Equal((1, (DateTimeOffset?)Start), (n.Attempts, n.SentAt)));
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_crash_between_sending_and_marking_leaves_the_claim_to_lapse_and_the_notice_is_sent_again(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync("HSB-5:handle:overdue");
        var transport = new CountingTransport(NoticeChannel.Email);

        // The node dies after the send, as the mark goes to the database.
        await Assert.ThrowsAsync<InvalidOperationException>(() => DeliverAsync([transport], Ct, interceptors: new DiesAtTheMark()));
        var claimed = Assert.Single(await NoticesAsync());
        Assert.Null(claimed.SentAt);
        Assert.Equal(Start + options.ClaimLease, claimed.ClaimedUntil);

        // Another node leaves the claimed notice alone while the claim holds …
        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(transport));
        clock.Advance(options.ClaimLease);
        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(transport));

        // … and sends it again once the claim has lapsed.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DeliveryRound(1, 0, 0), await DeliverAsync(transport));
        var notice = Assert.Single(await NoticesAsync());
        Assert.Equal([notice.Id, notice.Id], transport.Sent);
        Assert.Equal(2, notice.Attempts);
        Assert.NotNull(notice.SentAt);
        Assert.Null(notice.ClaimedUntil);
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_stopping_server_marks_what_it_sent_and_gives_back_the_rest_of_its_batch(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync(count: 3);

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var transport = new CountingTransport(NoticeChannel.Email, afterSend: stopping.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DeliverAsync([transport], stopping.Token));
        var sent = Assert.Single(transport.Sent);
        var notices = await NoticesAsync();
        Assert.Equal((1, (DateTimeOffset?)Start, (DateTimeOffset?)null), notices.Where(n => n.Id == sent).Select(n => (n.Attempts, n.SentAt, n.ClaimedUntil)).Single());
        Assert.All(notices.Where(n => n.Id != sent), n => Assert.Equal((0, (DateTimeOffset?)null, (DateTimeOffset?)null), (n.Attempts, n.SentAt, n.ClaimedUntil)));

        // The next node sends the two given back at once, without waiting for a lease.
        var next = new CountingTransport(NoticeChannel.Email);
        Assert.Equal(new DeliveryRound(2, 0, 0), await DeliverAsync(next));
        Assert.DoesNotContain(sent, next.Sent);
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_send_cut_short_by_stopping_keeps_its_claim_and_is_sent_again_after_the_lease(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync(count: 2);

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cut = new CountingTransport(NoticeChannel.Email, afterSend: () =>
        {
            stopping.Cancel();
            stopping.Token.ThrowIfCancellationRequested();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DeliverAsync([cut], stopping.Token));
        var unsure = Assert.Single(cut.Sent);
        var notices = await NoticesAsync();
        Assert.Equal((1, (DateTimeOffset?)null, (DateTimeOffset?)(Start + options.ClaimLease)), notices.Where(n => n.Id == unsure).Select(n => (n.Attempts, n.SentAt, n.ClaimedUntil)).Single());
        Assert.All(notices.Where(n => n.Id != unsure), n => Assert.Equal((0, (DateTimeOffset?)null), (n.Attempts, n.ClaimedUntil)));

        var next = new CountingTransport(NoticeChannel.Email);
        Assert.Equal(new DeliveryRound(1, 0, 0), await DeliverAsync(next));
        clock.Advance(options.ClaimLease + TimeSpan.FromSeconds(1));
        Assert.Equal(new DeliveryRound(1, 0, 0), await DeliverAsync(next));
        Assert.Equal(2, next.Sent.Distinct().Count());
        Assert.Contains(unsure, next.Sent);
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_batch_slower_than_its_lease_gives_back_the_notices_it_has_not_sent(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync(count: 3);

        var slow = new CountingTransport(NoticeChannel.Email, afterSend: () => clock.Advance(options.ClaimLease * 0.8));
        Assert.Equal(new DeliveryRound(1, 0, 2), await DeliverAsync(slow));

        var notices = await NoticesAsync();
        Assert.Single(notices, n => n.SentAt is not null);
        Assert.All(notices.Where(n => n.SentAt is null), n => Assert.Equal((0, (DateTimeOffset?)null), (n.Attempts, n.ClaimedUntil)));
        var next = new CountingTransport(NoticeChannel.Email);
        Assert.Equal(new DeliveryRound(2, 0, 0), await DeliverAsync(next));
        Assert.Empty(slow.Sent.Intersect(next.Sent));
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_round_delivers_its_own_tenants_notices_and_leaves_every_other_tenants_untouched(string provider)
    {
        await OpenAsync(provider);
        await EnqueueOverdueAsync("HSB-1:handle:overdue");
        await EnqueueOverdueAsync("HL-1:handle:overdue", tenant: "hl");
        var transport = new CountingTransport(NoticeChannel.Email);

        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync([transport], Ct, tenant: null));
        Assert.Equal(new DeliveryRound(1, 0, 0), await DeliverAsync(transport));

        await using var db = Database.Open(tenant: "hl");
        var theirs = await db.Set<Notice>().AsNoTracking().SingleAsync(Ct);
        Assert.Equal((0, (DateTimeOffset?)null, (DateTimeOffset?)null, 0L), (theirs.Attempts, theirs.ClaimedUntil, theirs.SentAt, theirs.Revision));
        Assert.DoesNotContain(theirs.Id, transport.Sent);
        Assert.Equal(["hl"], await new NoticeDelivery(Database.Open(tenant: null), [transport], clock, options, NullLogger<NoticeDelivery>.Instance).TenantsWithDueAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(NoticeTestDatabase.Providers), MemberType = typeof(NoticeTestDatabase))]
    public async Task A_notice_rolled_back_with_its_cause_is_never_sent(string provider)
    {
        await OpenAsync(provider);
        await using (var db = Database.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            await Outbox().EnqueueAsync(db, OverdueRequest("HSB-9:handle:overdue"), Ct);
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(new DeliveryRound(0, 0, 0), await DeliverAsync(new CountingTransport(NoticeChannel.Email)));
    }

    private async Task OpenAsync(string provider) => database = await NoticeTestDatabase.CreateAsync(provider);

    private NoticeOutbox Outbox() => new(NoticeTemplates.Default, clock);

    private async Task EnqueueOverdueAsync(string key, NoticeRecipient? recipient = null, string tenant = "hsb")
    {
        await using var db = Database.Open(tenant);
        await Outbox().EnqueueAsync(db, OverdueRequest(key, recipient, tenant), Ct);
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Overdue notices for tickets HSB-0, HSB-1, …</summary>
    private async Task EnqueueOverdueAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await EnqueueOverdueAsync($"HSB-{i}:handle:overdue");
        }
    }

    private async Task<List<Notice>> NoticesAsync()
    {
        await using var db = Database.Open();
        return await db.Set<Notice>().AsNoTracking().OrderBy(n => n.DeduplicationKey).ToListAsync(Ct);
    }

    private static NoticeRequest OverdueRequest(string key, NoticeRecipient? recipient = null, string tenant = "hsb") => new(
        tenant,
        key.Split(':')[0],
        "deadline-overdue",
        recipient ?? NoticeRecipient.Email("unit-leader@example.cn", "王主任"),
        new Dictionary<string, string?>
        {
            ["recipientName"] = "王主任",
            ["ticketNumber"] = key.Split(':')[0],
            ["clockName"] = "办理时限",
            ["dueAt"] = "2026-03-02 09:00",
            ["centreName"] = "红寺堡区分中心",
        },
        key);

    private Task<DeliveryRound> DeliverAsync(params INoticeTransport[] transports) => DeliverAsync(transports, Ct);

    private async Task<DeliveryRound> DeliverAsync(INoticeTransport[] transports, CancellationToken cancellationToken, string? tenant = "hsb", params IInterceptor[] interceptors)
    {
        await using var db = Database.Open(tenant, interceptors);
        var delivery = new NoticeDelivery(db, transports, clock, options, NullLogger<NoticeDelivery>.Instance);
        return await delivery.DeliverDueAsync(cancellationToken);
    }

    /// <summary>One node's delivery loop: rounds until one finds nothing left; returns how many it sent.</summary>
    private async Task<int> DeliverAllAsync(INoticeTransport transport)
    {
        var sent = 0;
        DeliveryRound round;
        do
        {
            round = await DeliverAsync(transport);
            sent += round.Sent;
        }
        while (round.Sent > 0);

        return sent;
    }

    /// <summary>The process dying as a delivery marks its batch: the statement that would set <c>SentAt</c> never runs.</summary>
    private sealed class DiesAtTheMark : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("\"SentAt\" =", StringComparison.Ordinal)
                ? throw new InvalidOperationException("the node died")
                : ValueTask.FromResult(result);
    }

    /// <summary>Fails the notices its rule names an error for, and sends the rest.</summary>
    private sealed class FailingTransport(Func<Notice, string?> errorFor) : INoticeTransport
    {
        public int Calls { get; private set; }

        public NoticeChannel Channel => NoticeChannel.Email;

        public Task SendAsync(Notice notice, CancellationToken cancellationToken)
        {
            Calls++;
            return errorFor(notice) is { } error ? throw new InvalidOperationException(error) : Task.CompletedTask;
        }
    }

    private sealed class CountingTransport(NoticeChannel channel, bool yields = false, Action? afterSend = null) : INoticeTransport
    {
        public ConcurrentQueue<string> Sent { get; } = new();

        public NoticeChannel Channel => channel;

        public async Task SendAsync(Notice notice, CancellationToken cancellationToken)
        {
            if (yields)
            {
                await Task.Yield();
            }

            Sent.Enqueue(notice.Id);
            afterSend?.Invoke();
        }
    }
}
