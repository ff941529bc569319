using Hotline.Application.Tickets.Admission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using System.Diagnostics.Metrics;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// The queue in front of ticket actions (<see cref="ActionAdmission"/>): the limit, the order within a tenant, the
/// tenants' turns, and a wait that ends (cancelled, timed out) leaving its place to the next.
/// </summary>
public sealed class ActionAdmissionTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task Never_more_than_the_limit_run_at_once()
    {
        var admission = Admission(3);
        var running = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            using var place = await admission.EnterAsync("qu", None);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(2, TestContext.Current.CancellationToken);
            Interlocked.Decrement(ref running);
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(3, most);
        Assert.Equal(0, admission.Running);
    }

    [Fact]
    public async Task A_tenants_actions_enter_in_the_order_they_came()
    {
        var admission = Admission(1);
        var held = await admission.EnterAsync("qu", None);
        var order = new List<string>();
        var waits = Enumerable.Range(1, 5).Select(i => EnterAndLeave(admission, "qu", $"qu{i}", order)).ToList();

        held.Dispose();
        await Task.WhenAll(waits);

        Assert.Equal(["qu1", "qu2", "qu3", "qu4", "qu5"], order);
    }

    [Fact]
    public async Task A_flooding_tenant_does_not_keep_another_waiting_behind_its_queue()
    {
        var admission = Admission(1);
        var held = await admission.EnterAsync("hk", None);
        var order = new List<string>();
        var flood = Enumerable.Range(1, 10).Select(i => EnterAndLeave(admission, "hk", $"hk{i}", order)).ToList();
        var single = EnterAndLeave(admission, "qu", "qu1", order);

        held.Dispose();
        await Task.WhenAll([.. flood, single]);

        // One place's turn: the flood's first, then the other tenant's only action.
        Assert.Equal(["hk1", "qu1", "hk2", "hk3"], order.Take(4));
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue_at_once_and_the_next_gets_the_place()
    {
        var admission = Admission(1);
        var held = await admission.EnterAsync("qu", None);
        using var gone = new CancellationTokenSource();
        var cancelled = admission.EnterAsync("qu", gone.Token).AsTask();
        var next = admission.EnterAsync("qu", None).AsTask();

        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, admission.Waiting);
        held.Dispose();
        using var place = await next;
        Assert.Equal(1, admission.Running);
        Assert.Equal(0, admission.Waiting);
    }

    [Fact]
    public async Task A_wait_past_the_limit_is_refused_as_busy_and_frees_its_place_in_the_queue()
    {
        var admission = Admission(1, queuePerTenant: 1, maxWait: TimeSpan.FromSeconds(2));
        var held = await admission.EnterAsync("qu", None);
        var waiting = admission.EnterAsync("qu", None).AsTask();

        // The queue holds one: the next is refused without waiting, and another tenant still queues.
        await Assert.ThrowsAsync<ActionsBusyException>(() => admission.EnterAsync("qu", None).AsTask());
        var other = admission.EnterAsync("hk", None).AsTask();
        clock.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<ActionsBusyException>(() => waiting);
        await Assert.ThrowsAsync<ActionsBusyException>(() => other);
        Assert.Equal(0, admission.Waiting);
        held.Dispose();
        using var place = await admission.EnterAsync("qu", None);
        Assert.Equal(1, admission.Running);
    }

    [Theory]
    [InlineData(0, 2, 200, 10)]
    [InlineData(null, 0, 200, 10)]
    [InlineData(4, 2, -1, 10)]
    [InlineData(4, 2, 200, 0)]
    [InlineData(4, 2, 200, 301)]
    public void Settings_out_of_range_are_named(int? actionsAtOnce, int perCore, int queuePerTenant, int maxWaitSeconds)
    {
        var options = new ActionAdmissionOptions
        {
            ActionsAtOnce = actionsAtOnce, PerCore = perCore, QueuePerTenant = queuePerTenant, MaxWait = TimeSpan.FromSeconds(maxWaitSeconds),
        };

        Assert.StartsWith(ActionAdmissionOptions.Section, options.Problem());
    }

    [Fact]
    public void Unset_the_limit_is_per_processor()
    {
        Assert.Null(new ActionAdmissionOptions().Problem());
        Assert.Equal(8 * Environment.ProcessorCount, new ActionAdmissionOptions().Limit);
        Assert.Equal(5, new ActionAdmissionOptions { ActionsAtOnce = 5 }.Limit);
    }

    private ActionAdmission Admission(int actionsAtOnce, int queuePerTenant = 200, TimeSpan? maxWait = null) =>
        new(Options.Create(new ActionAdmissionOptions { ActionsAtOnce = actionsAtOnce, QueuePerTenant = queuePerTenant, MaxWait = maxWait ?? TimeSpan.FromMinutes(1) }),
            new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), clock);

    /// <summary>Queues now; once admitted, notes its name and leaves.</summary>
    private static Task EnterAndLeave(ActionAdmission admission, string tenant, string name, List<string> order)
    {
        var entering = admission.EnterAsync(tenant, None).AsTask();
        return Admitted();

        async Task Admitted()
        {
            using var place = await entering;
            lock (order)
            {
                order.Add(name);
            }
        }
    }

    private static void InterlockedMax(ref int most, int value)
    {
        var seen = Volatile.Read(ref most);
        while (value > seen && Interlocked.CompareExchange(ref most, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }
}
