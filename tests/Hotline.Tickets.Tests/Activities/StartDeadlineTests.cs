using Hotline.Tickets.Activities;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Tests.Activities;

public sealed class StartDeadlineTests
{
    // Start → deadline on the Handle clock; Reached and Stopped each lead to an Await ticket action that names the port.
    private const string Definition = """
        {
          "id": "deadline-v1", "definitionId": "deadline", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "id": "flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "start", "type": "Elsa.Start", "version": 1 },
              { "clock": { "typeName": "String", "expression": { "type": "Literal", "value": "Handle" } },
                "id": "deadline", "type": "Hotline.StartDeadline", "version": 1 },
              { "actions": { "typeName": "Object", "expression": { "type": "Object", "value": "[\"Supervised\"]" } },
                "id": "reached", "type": "Hotline.AwaitTicketAction", "version": 1 },
              { "actions": { "typeName": "Object", "expression": { "type": "Object", "value": "[\"Archived\"]" } },
                "id": "stopped", "type": "Hotline.AwaitTicketAction", "version": 1 }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "deadline", "port": "In" } },
              { "source": { "activity": "deadline", "port": "Reached" }, "target": { "activity": "reached", "port": "In" } },
              { "source": { "activity": "deadline", "port": "Stopped" }, "target": { "activity": "stopped", "port": "In" } }
            ] } }
        """;

    private sealed class FakeClocks : ITicketClocks
    {
        private readonly Guid id = Guid.NewGuid();

        public DateTimeOffset? DueAt { get; set; }
        public List<(string, Guid?, DeadlineKind)> Reads { get; } = [];

        public Task<ClockReading?> ReadAsync(TicketRef ticketRef, Guid? clockId, DeadlineKind kind, CancellationToken cancellationToken)
        {
            Reads.Add((ticketRef.Number, clockId, kind));
            return Task.FromResult(DueAt is { } due ? new ClockReading(id, kind, due, null, IsRunning: true) : null);
        }

        public Task<TicketAction?> ReachAsync(TicketRef ticketRef, Guid clockId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<string?> InterviewLevelAsync(TicketRef ticketRef, Guid clockId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private static (LifecycleRun Run, FakeClocks Clocks) Create()
    {
        var clocks = new FakeClocks();
        var services = new ServiceCollection().AddSingleton<ITicketClocks>(clocks).BuildServiceProvider();
        return (new LifecycleRun(Definition, services), clocks);
    }

    [Fact]
    public async Task Waits_on_a_timer_at_the_ticket_clock_due_time_then_follows_reached()
    {
        var (run, clocks) = Create();
        clocks.DueAt = run.Time.GetUtcNow().AddDays(3);
        await run.StartAsync();

        var timer = Assert.Single(run.Bookmarks);
        // The timer rings just after the due minute: an action at the due time itself is on time (CC-7).
        Assert.Equal(clocks.DueAt!.Value.Add(StartDeadline.JustAfter), timer.DueAt);
        Assert.Equal((LifecycleRun.TicketNumber, (Guid?)null, DeadlineKind.Handle), Assert.Single(clocks.Reads));

        run.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await run.ResumeAsync(timer);
        Assert.Equal(["Supervised"], run.Expected);
    }

    [Fact]
    public async Task An_extension_that_moved_the_clock_keeps_the_step_waiting_for_the_new_due_time()
    {
        var (run, clocks) = Create();
        clocks.DueAt = run.Time.GetUtcNow().AddDays(3);
        await run.StartAsync();

        run.Time.Advance(TimeSpan.FromDays(3));
        clocks.DueAt = run.Time.GetUtcNow().AddDays(5);
        await run.ResumeAsync(run.Bookmarks.Single());

        var timer = Assert.Single(run.Bookmarks);
        Assert.Equal(clocks.DueAt!.Value.Add(StartDeadline.JustAfter), timer.DueAt);
        Assert.Empty(run.Expected);
    }

    [Fact]
    public async Task A_clock_no_longer_running_follows_stopped()
    {
        var (run, clocks) = Create();
        clocks.DueAt = run.Time.GetUtcNow().AddDays(3);
        await run.StartAsync();

        clocks.DueAt = null;
        await run.ResumeAsync(run.Bookmarks.Single());
        Assert.Equal(["Archived"], run.Expected);
    }

    [Fact]
    public async Task Without_the_clock_lookup_the_instance_faults_with_a_clear_incident()
    {
        var run = new LifecycleRun(Definition);
        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        Assert.Contains("ITicketClocks", run.Instance.StateJson, StringComparison.Ordinal);
        Assert.Empty(run.Bookmarks);
    }
}
