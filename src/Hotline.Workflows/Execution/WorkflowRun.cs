using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Model;
using Hotline.Workflows.Serialization;

namespace Hotline.Workflows.Execution;

/// <summary>
/// One call into the executor: loads the instance state, runs the scheduled activities until
/// nothing is left to do, and collects bookmarks, journal lines and execution records.
/// </summary>
internal sealed partial class WorkflowRun
{
    private const string WorkflowType = "Elsa.Workflow";
    private static readonly IReadOnlyList<string> DoneOutcome = [ActivityResult.DefaultOutcome];

    private readonly ActivityRegistry _registry;
    private readonly ExpressionEvaluator _expressions;
    private readonly WorkflowLimits _limits;
    private readonly WorkflowEngineSettings _settings;
    private readonly WorkflowDefinition _definition;
    private readonly List<WorkItem> _queue = [];
    private readonly List<Bookmark> _created = [];
    private readonly List<string> _removed = [];
    private readonly List<WorkflowExecutionLogRecord> _journal = [];
    private readonly OrderedDictionary<string, ActivityExecutionRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlowGraph> _graphs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Variable>> _declarations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LogPersistence.ActivityLogPolicy> _logPolicies = new(StringComparer.Ordinal);
    private readonly HashSet<string> _earlierContextIds;
    private Dictionary<string, Activity>? _byNodeId;
    private bool _halted;

    public WorkflowRun(
        ActivityRegistry registry,
        ExpressionEvaluator expressions,
        WorkflowLimits limits,
        WorkflowEngineSettings settings,
        TimeProvider time,
        WorkflowDefinition definition,
        WorkflowInstance instance,
        ExecutionRequest request,
        CancellationToken cancellationToken)
    {
        _registry = registry;
        _expressions = expressions;
        _limits = limits;
        _settings = settings;
        _definition = definition;
        Time = time;
        Instance = instance;
        Request = request;
        CancellationToken = cancellationToken;
        State = WorkflowState.Read(instance.StateJson);
        _earlierContextIds = State.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        _declarations[WorkflowDefinitionSerializer.WorkflowNodeId] = definition.Variables;
        foreach (var container in definition.AllActivities().Where(a => a.IsContainer))
            _declarations[container.NodeId] = container.Variables ?? [];
    }

    public TimeProvider Time { get; }
    public WorkflowInstance Instance { get; }
    public ExecutionRequest Request { get; }
    public CancellationToken CancellationToken { get; }
    public WorkflowState State { get; private set; }

    private DateTimeOffset Now => Time.GetUtcNow();

    public async Task<ExecutionResult> StartAsync()
    {
        if (Instance.Status == WorkflowStatus.Finished || State.Contexts.Count > 0)
            throw new InvalidOperationException($"Workflow instance '{Instance.Id}' has already started.");
        if (Request.TriggerActivityId is { } trigger && _definition.Root.Activities?.Exists(a => a.Id == trigger) != true)
            throw new ArgumentException($"Trigger activity '{trigger}' is not in the root flowchart of definition version '{_definition.Id}'.", nameof(Request));

        State = new WorkflowState();
        InitializeVariables(WorkflowDefinitionSerializer.WorkflowNodeId);
        foreach (var (name, value) in Request.Input ?? new Dictionary<string, object?>())
            State.Input[name] = ValueConverter.ToNode(value);
        if (Request.FlowchartMode is { } mode)
            State.Properties[ExecutionModeProperty] = mode.ToString();
        if (Request.CorrelationId is not null)
            Instance.CorrelationId = Request.CorrelationId;
        Instance.Name ??= _definition.Name;

        var workflow = new ActivityContextState
        {
            Id = NewId(),
            ActivityId = WorkflowDefinitionSerializer.WorkflowNodeId,
            NodeId = WorkflowDefinitionSerializer.WorkflowNodeId,
            ActivityType = WorkflowType,
            ActivityName = _definition.Name,
            StartedAt = Now,
        };
        State.Contexts.Add(workflow);
        Transition(WorkflowSubStatus.Executing);
        Journal(workflow, "Started");
        SaveRecord(workflow, ActivityStatus.Running);
        Enqueue(_definition.Root, workflow, scheduledBy: null);
        await RunQueueAsync();
        return Conclude();
    }

    public async Task<ExecutionResult> ResumeAsync(Bookmark bookmark)
    {
        var context = State.Contexts.Find(c => c.Id == bookmark.ActivityInstanceId && c.Status == ActivityContextStatus.Suspended);
        if (Instance.Status == WorkflowStatus.Finished || context is null || !State.Bookmarks.Exists(b => b.Id == bookmark.Id))
            return ExecutionResult.None; // Already consumed: resuming twice is a no-op.

        RemoveBookmarks(context);
        context.Status = ActivityContextStatus.Running;
        Transition(WorkflowSubStatus.Executing);
        Journal(context, "Resumed", payload: Request.ResumeInput is null ? null : new JsonObject { ["ResumeInput"] = Request.ResumeInput.DeepClone() });
        var activity = Node(context.NodeId);
        if (activity is null)
            Fault(context, new InvalidOperationException($"Activity '{context.NodeId}' is not in definition version '{_definition.Id}'."));
        else
            await InvokeAsync(context, activity, bookmark, resume: true);
        await RunQueueAsync();
        return Conclude();
    }

    /// <param name="reason">Why, for the journal's Canceled line (e.g. the ticket the instance watched was archived).</param>
    public ExecutionResult Cancel(string? reason = null)
    {
        if (Instance.Status == WorkflowStatus.Finished)
            return ExecutionResult.None;
        // An instance that never started has no workflow context: it is simply marked cancelled.
        var workflow = State.Contexts.Find(c => c.ParentId is null && c.ActivityType == WorkflowType);
        if (workflow is not null)
        {
            foreach (var child in State.Contexts.Where(c => c.ParentId == workflow.Id).ToList())
                CancelWithDescendants(child);
            State.Contexts.Remove(workflow);
            SaveRecord(workflow, ActivityStatus.Canceled, completedAt: Now);
            Journal(workflow, "Canceled", reason);
        }

        RemoveAllBookmarks();
        Transition(WorkflowSubStatus.Cancelled);
        return Conclude();
    }

    /// <summary>The variables visible from an activity: its containers' scopes, innermost first, then the workflow's.</summary>
    internal IExpressionScope Variables(ActivityContextState context)
    {
        var chain = new List<string>();
        for (var parent = Find(context.ParentId); parent is not null; parent = Find(parent.ParentId))
            chain.Add(parent.NodeId);
        if (chain.Count == 0 || chain[^1] != WorkflowDefinitionSerializer.WorkflowNodeId)
            chain.Add(WorkflowDefinitionSerializer.WorkflowNodeId);
        return new VariableScope(this, chain);
    }

    internal bool AllInboundVisited(ActivityContextState context)
    {
        var container = Find(context.ParentId);
        if (container is null || !State.FlowScopes.TryGetValue(container.Id, out var scope) || scope.TokenBased)
            return true;
        var graph = Graph(container);
        return scope.AllInboundVisited(graph.ForwardInbound(context.ActivityId), context.ActivityId);
    }

    private async Task RunQueueAsync()
    {
        var burst = new BurstBudget(_limits);
        while (!_halted && _queue.Count > 0)
        {
            CancellationToken.ThrowIfCancellationRequested();
            var item = _queue[0];
            _queue.RemoveAt(0);

            // Work whose container was completed or cancelled meanwhile is dropped.
            if (!State.Contexts.Contains(item.Owner))
                continue;

            // A cycle without a wait would hold the store's write transaction for ever: the burst stops here instead.
            if (burst.Exceeded(item.Activity.Id) is { } limit)
            {
                var stopped = ContextFor(item);
                Journal(stopped, "Started");
                Fault(stopped, limit);
                return;
            }

            await ExecuteAsync(item);
        }
    }

    private async Task ExecuteAsync(WorkItem item)
    {
        var context = ContextFor(item);
        // Flowcharts and FlowNodes: the executor itself runs their children (a FlowNode's body is its only child).
        if (item.Activity.IsContainer)
        {
            Journal(context, "Started");
            SaveRecord(context, ActivityStatus.Running);
            StartContainer(context, item.Activity);
            return;
        }

        // The trigger that started the instance has had its stimulus already: it runs as if resumed.
        await InvokeAsync(context, item.Activity, bookmark: null, resume: item.AsTrigger, journalStart: item.Existing is null);
    }

    private ActivityContextState ContextFor(WorkItem item)
    {
        var context = item.Existing;
        if (context is null)
        {
            context = new ActivityContextState
            {
                Id = NewId(),
                ParentId = item.Owner.Id,
                ActivityId = item.Activity.Id,
                NodeId = item.Activity.NodeId,
                ActivityType = item.Activity.Type,
                ActivityTypeVersion = item.Activity.Version,
                ActivityName = item.Activity.Name,
                StartedAt = Now,
                SchedulingActivityExecutionId = item.ScheduledBy?.Id,
                SchedulingActivityId = item.ScheduledBy?.ActivityId,
                CallStackDepth = item.Owner.CallStackDepth + 1,
                ViaBackwardConnection = item.ViaBackwardConnection,
            };
            State.Contexts.Add(context);
        }

        return context;
    }

    private async Task InvokeAsync(ActivityContextState context, Activity activity, Bookmark? bookmark, bool resume, bool journalStart = false)
    {
        var descriptor = _registry.Find(activity.Type, activity.Version);
        var behavior = _registry.FindBehavior(activity.Type, activity.Version);
        if (descriptor is null || behavior is null)
        {
            if (journalStart)
                Journal(context, "Started");
            Fault(context, new InvalidOperationException($"Unknown activity type '{activity.Type}' v{activity.Version}."));
            return;
        }

        Dictionary<string, JsonNode?> inputs;
        try
        {
            inputs = EvaluateInputs(context, activity, descriptor);
        }
        catch (InputFailure failure)
        {
            if (journalStart)
                Journal(context, "Started");
            Fault(context, failure.InnerException!, inputName: failure.InputName);
            return;
        }

        context.ActivityStateJson ??= JsonSerializer.Serialize(
            inputs.Where(i => descriptor.FindInput(i.Key) is { IsSensitive: false } && LogPolicy(context).KeepsInput(i.Key)).ToDictionary(i => i.Key, i => StoredValue(i.Value)), WorkflowJson.Options);
        if (journalStart)
        {
            Journal(context, "Started");
            SaveRecord(context, ActivityStatus.Running);
        }

        var executionContext = new ActivityExecutionContext(this, context, activity, descriptor, inputs, bookmark, resume);
        ActivityResult result;
        try
        {
            result = resume
                ? await behavior.ResumeAsync(executionContext)
                : await behavior.ExecuteAsync(executionContext);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && CancellationToken.IsCancellationRequested)
            && ex is not Runtime.DeferredRunUnsupportedException)
        {
            // A failing activity becomes an incident on the instance, never an exception for the caller; a step that cannot
            // run before the unit's transaction is no failure: the caller runs the unit again in the transaction.
            Fault(context, ex);
            return;
        }

        try
        {
            Apply(context, activity, executionContext, result);
        }
        catch (WorkflowLimitException limit)
        {
            // An output too large for its variable: the activity faults like any other limit.
            Fault(context, limit);
        }
    }

    private Dictionary<string, JsonNode?> EvaluateInputs(ActivityContextState context, Activity activity, ActivityDescriptor descriptor)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        IExpressionScope? scope = null;
        foreach (var input in descriptor.Inputs)
        {
            try
            {
                var stored = activity.GetProperty(input.Name);
                var value = input.IsWrapped
                    ? _expressions.EvaluateWrapped(stored, scope ??= Variables(context))
                    : stored?.DeepClone();
                value ??= ValueConverter.ToNode(input.DefaultValue);
                values[input.Name] = ValueConverter.ToTyped(value, input.TypeName);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new InputFailure(input.Name, ex);
            }
        }

        return values;
    }

    private void Apply(ActivityContextState context, Activity activity, ActivityExecutionContext executionContext, ActivityResult result)
    {
        switch (result.Kind)
        {
            case ActivityResultKind.Complete:
                Complete(context, activity, executionContext.Outputs, result.Outcomes, message: executionContext.JournalMessage);
                if (executionContext.CancelInboundBranchesRequested)
                    CancelInboundBranches(context, activity);
                break;
            case ActivityResultKind.Suspend:
                foreach (var request in result.Bookmarks)
                    CreateBookmark(context, activity, request);
                context.Status = ActivityContextStatus.Suspended;
                context.HasBookmarks = true;
                SaveRecord(context, ActivityStatus.Running);
                Journal(context, "Suspended");
                break;
            case ActivityResultKind.Wait:
                context.Status = ActivityContextStatus.Running;
                SaveRecord(context, ActivityStatus.Running);
                break;
            case ActivityResultKind.Fault:
                var fault = result.Fault!;
                Fault(context, new ActivityFaultException(fault.Message), code: fault.Code, category: fault.Category);
                break;
            case ActivityResultKind.FinishWorkflow:
                Complete(context, activity, executionContext.Outputs, result.Outcomes, propagate: false, message: executionContext.JournalMessage);
                var root = State.Contexts.Find(c => c.ParentId == WorkflowContext().Id);
                if (root is not null)
                    CompleteContainerNow(root);
                break;
            default:
                throw new InvalidOperationException($"Unhandled activity result {result.Kind}.");
        }
    }

    private ExecutionResult Conclude()
    {
        if (!_halted && Instance.SubStatus == WorkflowSubStatus.Executing)
            Transition(WorkflowSubStatus.Suspended);
        Instance.IncidentCount = State.Incidents.Count;
        Instance.UpdatedAt = Now;
        Instance.StateJson = State.Write();
        ThinBurst();
        return new ExecutionResult
        {
            CreatedBookmarks = [.. _created],
            RemovedBookmarkIds = [.. _removed],
            Journal = [.. _journal],
            ActivityExecutions = [.. _records.Values],
            EarlierActivityExecutionIds = _records.Keys.Where(_earlierContextIds.Contains).ToHashSet(StringComparer.Ordinal),
        };
    }

    private void Transition(WorkflowSubStatus subStatus)
    {
        Instance.SubStatus = subStatus;
        Instance.Status = subStatus is WorkflowSubStatus.Finished or WorkflowSubStatus.Cancelled or WorkflowSubStatus.Faulted
            ? WorkflowStatus.Finished
            : WorkflowStatus.Running;
        if (Instance.Status == WorkflowStatus.Finished)
        {
            Instance.FinishedAt = Now;
            _halted = true;
            _queue.Clear();
        }
    }

    private ActivityContextState WorkflowContext() =>
        State.Contexts.Find(c => c.ParentId is null && c.ActivityType == WorkflowType)
        ?? throw new InvalidOperationException($"Workflow instance '{Instance.Id}' has no running workflow context.");

    /// <summary>The definition's activity by nodeId, from an index built once per run (a lookup walked the whole graph).</summary>
    private Activity? Node(string nodeId)
    {
        if (_byNodeId is null)
        {
            _byNodeId = new Dictionary<string, Activity>(StringComparer.Ordinal);
            foreach (var activity in _definition.AllActivities())
                _byNodeId.TryAdd(activity.NodeId, activity);
        }

        return _byNodeId.GetValueOrDefault(nodeId);
    }

    private ActivityContextState? Find(string? id) => id is null ? null : State.Contexts.Find(c => c.Id == id);

    private string NewId() => Guid.CreateVersion7(Now).ToString("N");

    private void Enqueue(Activity activity, ActivityContextState owner, ActivityContextState? scheduledBy, ActivityContextState? existing = null, bool viaBackwardConnection = false, bool asTrigger = false) =>
        _queue.Add(new WorkItem(activity, owner, scheduledBy, existing, viaBackwardConnection, asTrigger));

    private sealed record WorkItem(Activity Activity, ActivityContextState Owner, ActivityContextState? ScheduledBy, ActivityContextState? Existing, bool ViaBackwardConnection, bool AsTrigger);

    private sealed class InputFailure(string inputName, Exception inner) : Exception($"Input '{inputName}' failed: {inner.Message}", inner)
    {
        public string InputName { get; } = inputName;
    }
}

/// <summary>Raised for an activity's own fault (e.g. <c>Elsa.Fault</c>), so the incident names a clear exception type.</summary>
public sealed class ActivityFaultException : Exception
{
    public ActivityFaultException(string message)
        : base(message)
    {
    }

    public ActivityFaultException()
    {
    }

    public ActivityFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
