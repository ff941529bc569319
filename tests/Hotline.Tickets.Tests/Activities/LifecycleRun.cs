using System.Text.Json.Nodes;
using Hotline.Tickets.Access;
using Hotline.Tickets.Activities;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Model;
using Hotline.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tickets.Tests.Activities;

/// <summary>
/// Runs a definition in memory the way the host does: keeps the open bookmarks the executor returns and resumes the one
/// a ticket action's hash finds for the ticket number, as the ticket API will.
/// </summary>
internal sealed class LifecycleRun
{
    public const string TicketNumber = "12345-20261123-0001";

    public LifecycleRun(string definitionJson, IServiceProvider? services = null)
    {
        Registry = ActivityRegistry.CreateWithBuiltIns().AddHotlineActivities();
        Definition = WorkflowDefinitionSerializer.Parse(definitionJson, Registry);
        Executor = new WorkflowExecutor(Registry, Time);
        Services = services;
        Instance = new WorkflowInstance
        {
            Id = "instance-1",
            DefinitionId = Definition.DefinitionId,
            DefinitionVersionId = Definition.Id,
            Version = Definition.Version,
            TenantId = "county-a",
            CreatedAt = Time.GetUtcNow(),
        };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
    public ActivityRegistry Registry { get; }
    public WorkflowDefinition Definition { get; }
    public WorkflowExecutor Executor { get; }
    public IServiceProvider? Services { get; }
    public WorkflowInstance Instance { get; }
    public List<Bookmark> Bookmarks { get; } = [];

    public static string LifecycleJson() => File.ReadAllText(Repository.File("workflows", "ticket-lifecycle.json"));

    public async Task StartAsync() =>
        Apply(await Executor.StartAsync(Definition, Instance,
            new ExecutionRequest { CorrelationId = TicketNumber, Actor = "dispatcher", Services = Services }, TestContext.Current.CancellationToken));

    /// <summary>What registering a ticket does: start at the trigger that waits for <paramref name="action"/>.</summary>
    public async Task TriggerAsync(TicketAction action)
    {
        var trigger = Definition.Triggers().First(t => TicketTriggers.StartsOn(t, action));
        Apply(await Executor.StartAsync(Definition, Instance,
            new ExecutionRequest
            {
                CorrelationId = TicketNumber,
                Actor = "dispatcher",
                Services = Services,
                TriggerActivityId = trigger.Id,
                ResumeInput = TicketActionBookmark.Payload(action),
            }, TestContext.Current.CancellationToken));
    }

    /// <summary>What the ticket API does after applying <paramref name="action"/>: find the bookmark by hash and correlation id.</summary>
    public Bookmark? FindBookmark(TicketAction action) =>
        Bookmarks.SingleOrDefault(b => b.Hash == TicketActionBookmark.Hash(action) && b.CorrelationId == TicketNumber);

    public async Task TakeAsync(TicketAction action)
    {
        var bookmark = FindBookmark(action)
            ?? throw new InvalidOperationException($"The current workflow step does not expect {action}; waiting for {string.Join(", ", Expected)}.");
        Apply(await Executor.ResumeAsync(Definition, Instance, bookmark,
            new ExecutionRequest { ResumeInput = TicketActionBookmark.Payload(action), Actor = "tester", Services = Services },
            TestContext.Current.CancellationToken));
    }

    /// <summary>Registers a ticket (the lifecycle's trigger) and takes <paramref name="actions"/> in order.</summary>
    public static async Task<LifecycleRun> StartedAsync(params TicketAction[] actions)
    {
        var notices = new RecordedNotices();
        var run = new LifecycleRun(LifecycleJson(), new ServiceCollection().AddSingleton<ITicketNotices>(notices).BuildServiceProvider());
        await run.TriggerAsync(TicketAction.Registered);
        await run.TakeAllAsync(actions);
        return run;
    }

    public async Task TakeAllAsync(params TicketAction[] actions)
    {
        foreach (var action in actions)
            await TakeAsync(action);
    }

    public async Task ResumeAsync(Bookmark bookmark) =>
        Apply(await Executor.ResumeAsync(Definition, Instance, bookmark, new ExecutionRequest { Services = Services }, TestContext.Current.CancellationToken));

    /// <summary>The actions the open bookmarks accept, sorted.</summary>
    public IReadOnlyList<string> Expected =>
        [.. Bookmarks.Where(b => b.Name == TicketActionBookmark.Name)
            .Select(b => TicketActionBookmark.ActionOf(JsonNode.Parse(b.PayloadJson!))!.Value.ToString()).Order(StringComparer.Ordinal)];

    private void Apply(ExecutionResult result)
    {
        Bookmarks.RemoveAll(b => result.RemovedBookmarkIds.Contains(b.Id));
        Bookmarks.AddRange(result.CreatedBookmarks);
    }

}

/// <summary>The notices a definition run asked for, as (template, recipient).</summary>
internal sealed class RecordedNotices : ITicketNotices
{
    public List<(string Template, HotlineRole Recipient)> Sent { get; } = [];

    public Task EnqueueAsync(TicketRef ticketRef, string templateKind, HotlineRole recipient, string deduplicationKey, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? values = null)
    {
        Sent.Add((templateKind, recipient));
        return Task.CompletedTask;
    }
}
