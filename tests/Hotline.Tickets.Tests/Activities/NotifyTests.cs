using Hotline.Tickets.Access;
using Hotline.Tickets.Activities;
using Hotline.Workflows.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Tests.Activities;

public sealed class NotifyTests
{
    private static string Definition(string template, string recipient) => $$"""
        {
          "id": "notify-v1", "definitionId": "notify", "version": 1, "isPublished": true, "isLatest": true,
          "root": { "id": "flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "start", "type": "Elsa.Start", "version": 1 },
              { "template": { "typeName": "String", "expression": { "type": "Literal", "value": "{{template}}" } },
                "recipient": { "typeName": "String", "expression": { "type": "Literal", "value": "{{recipient}}" } },
                "id": "notify", "type": "Hotline.Notify", "version": 1 },
              { "actions": { "typeName": "Object", "expression": { "type": "Object", "value": "[\"Signed\"]" } },
                "id": "sign", "type": "Hotline.AwaitTicketAction", "version": 1 }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "notify", "port": "In" } },
              { "source": { "activity": "notify", "port": "Done" }, "target": { "activity": "sign", "port": "In" } }
            ] } }
        """;

    private sealed class FakeNotices : ITicketNotices
    {
        public List<(string Ticket, string Kind, HotlineRole Role, string Key)> Queued { get; } = [];

        public Task EnqueueAsync(TicketRef ticketRef, string templateKind, HotlineRole recipient, string deduplicationKey, CancellationToken cancellationToken,
            IReadOnlyDictionary<string, string?>? values = null)
        {
            Queued.Add((ticketRef.Number, templateKind, recipient, deduplicationKey));
            return Task.CompletedTask;
        }
    }

    private static async Task<(LifecycleRun Run, FakeNotices Notices)> RunAsync(string template, string recipient)
    {
        var notices = new FakeNotices();
        var run = new LifecycleRun(Definition(template, recipient), new ServiceCollection().AddSingleton<ITicketNotices>(notices).BuildServiceProvider());
        await run.StartAsync();
        return (run, notices);
    }

    [Fact]
    public async Task Queues_the_template_for_the_role_on_the_ticket_and_moves_on()
    {
        var (run, notices) = await RunAsync("ticket-dispatched", "UnitHandler");

        var notice = Assert.Single(notices.Queued);
        Assert.Equal((LifecycleRun.TicketNumber, "ticket-dispatched", HotlineRole.UnitHandler), (notice.Ticket, notice.Kind, notice.Role));
        Assert.StartsWith("workflow:instance-1:", notice.Key, StringComparison.Ordinal);
        Assert.Equal(["Signed"], run.Expected);
    }

    [Theory]
    [InlineData("no-such-template", "UnitHandler", "not a notice template")]
    [InlineData("ticket-dispatched", "Mayor", "not a hotline role")]
    public async Task An_unknown_template_or_role_faults_without_queuing(string template, string recipient, string message)
    {
        var (run, notices) = await RunAsync(template, recipient);

        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        Assert.Contains(message, run.Instance.StateJson, StringComparison.Ordinal);
        Assert.Empty(notices.Queued);
    }
}
