using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Model;
using Hotline.Workflows.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Workflows.Tests.Support;

/// <summary>
/// Plays the store's part for executor tests: keeps the open bookmarks, journal and records the
/// executor returns, as a store would persist them.
/// </summary>
internal sealed class Harness
{
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public Harness(JsonObject definition, ActivityRegistry? registry = null, JavaScriptLimits? limits = null, WorkflowLimits? workflowLimits = null, WorkflowEngineSettings? settings = null)
    {
        Registry = registry ?? TestActivities.CreateRegistry();
        Definition = WorkflowDefinitionSerializer.Parse(definition.ToJsonString(), Registry);
        workflowLimits ??= WorkflowLimits.Default;
        Executor = new WorkflowExecutor(Registry, Time, workflowLimits with { JavaScript = limits ?? workflowLimits.JavaScript }, settings);
        Instance = new WorkflowInstance
        {
            Id = "instance-1",
            DefinitionId = Definition.DefinitionId,
            DefinitionVersionId = Definition.Id,
            Version = Definition.Version,
            TenantId = "county-a",
            CreatedAt = Epoch,
        };
    }

    public FakeTimeProvider Time { get; } = new(Epoch);
    public ActivityRegistry Registry { get; }
    public WorkflowDefinition Definition { get; }
    public WorkflowExecutor Executor { get; }
    public WorkflowInstance Instance { get; }
    public List<Bookmark> Bookmarks { get; } = [];
    public List<WorkflowExecutionLogRecord> Journal { get; } = [];
    public Dictionary<string, ActivityExecutionRecord> Records { get; } = [];

    public WorkflowState State => WorkflowState.Read(Instance.StateJson);

    /// <summary>Activity ids in the order they completed (containers and the workflow included).</summary>
    public List<string> Completed => [.. Journal.Where(j => j.EventName == "Completed").Select(j => j.ActivityId)];

    public List<string> Events(string activityId) => [.. Journal.Where(j => j.ActivityId == activityId).Select(j => j.EventName)];

    public JsonNode? Variable(string id, string scope = "Workflow1") => State.Variables[scope].GetValueOrDefault(id);

    public async Task<ExecutionResult> StartAsync(ExecutionRequest? request = null) =>
        Apply(await Executor.StartAsync(Definition, Instance, request ?? new ExecutionRequest { Actor = "tester" }, TestContext.Current.CancellationToken));

    public async Task<ExecutionResult> ResumeAsync(Bookmark bookmark, JsonNode? input = null, string? actor = "tester") =>
        Apply(await Executor.ResumeAsync(Definition, Instance, bookmark, new ExecutionRequest { ResumeInput = input, Actor = actor }, TestContext.Current.CancellationToken));

    public Bookmark Bookmark(string activityId) => Bookmarks.Single(b => b.ActivityNodeId.EndsWith(":" + activityId, StringComparison.Ordinal));

    public ExecutionResult Apply(ExecutionResult result)
    {
        Bookmarks.RemoveAll(b => result.RemovedBookmarkIds.Contains(b.Id));
        Bookmarks.AddRange(result.CreatedBookmarks);
        Journal.AddRange(result.Journal);
        foreach (var record in result.ActivityExecutions)
            Records[record.Id] = record;
        return result;
    }
}
