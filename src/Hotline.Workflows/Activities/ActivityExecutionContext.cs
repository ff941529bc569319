using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Model;

namespace Hotline.Workflows.Activities;

/// <summary>
/// Everything one run of one activity may see and touch: its evaluated inputs, the variables in
/// scope, the instance, the actor, the clock, the host's services, the resume stimulus, and its outputs.
/// </summary>
public sealed class ActivityExecutionContext
{
    private readonly WorkflowRun _run;
    private readonly ActivityContextState _state;
    private readonly IReadOnlyDictionary<string, JsonNode?> _inputs;

    internal ActivityExecutionContext(
        WorkflowRun run,
        ActivityContextState state,
        Activity activity,
        ActivityDescriptor descriptor,
        IReadOnlyDictionary<string, JsonNode?> inputs,
        Bookmark? bookmark,
        bool isResuming)
    {
        _run = run;
        _state = state;
        _inputs = inputs;
        Activity = activity;
        Descriptor = descriptor;
        Bookmark = bookmark;
        IsResuming = isResuming;
    }

    /// <summary>The activity instance id (equal to its execution record id and its bookmarks' ActivityInstanceId).</summary>
    public string Id => _state.Id;

    public Activity Activity { get; }
    public ActivityDescriptor Descriptor { get; }
    public string WorkflowInstanceId => _run.Instance.Id;
    public string WorkflowDefinitionId => _run.Instance.DefinitionId;
    public string DefinitionVersionId => _run.Instance.DefinitionVersionId;
    public string? TenantId => _run.Instance.TenantId;

    /// <summary>The instance's correlation id (e.g. the ticket number); setting it changes the instance.</summary>
    public string? CorrelationId
    {
        get => _run.Instance.CorrelationId;
        set => _run.Instance.CorrelationId = value;
    }

    /// <summary>Who caused this run (user or system id), from the request.</summary>
    public string? Actor => _run.Request.Actor;

    public TimeProvider TimeProvider => _run.Time;

    /// <summary>The host's scoped services; an empty provider when the caller passed none.</summary>
    public IServiceProvider Services => _run.Request.Services ?? NoServices.Instance;

    public CancellationToken CancellationToken => _run.CancellationToken;

    /// <summary>The bookmark being resumed; null on first execution and when the activity is the trigger that started the instance.</summary>
    public Bookmark? Bookmark { get; }

    /// <summary>Resumed from a bookmark, or run as the trigger that started the instance: the stimulus has arrived.</summary>
    public bool IsResuming { get; }

    /// <summary>The stimulus passed to resume, e.g. <c>{"action":"Approve"}</c>.</summary>
    public JsonNode? ResumeInput => IsResuming ? _run.Request.ResumeInput : null;

    public JsonObject WorkflowInput => _run.State.Input;

    /// <summary>A note written on this run's Completed journal line (what WriteLine writes).</summary>
    public string? JournalMessage { get; set; }

    internal Dictionary<string, JsonNode?> Outputs { get; } = new(StringComparer.Ordinal);

    internal bool CancelInboundBranchesRequested { get; private set; }

    /// <summary>
    /// The evaluated value of an input, by descriptor name (<c>UnitCode</c>), converted to
    /// <typeparamref name="T"/> (literal strings are parsed); the descriptor default when absent.
    /// </summary>
    public T? GetInput<T>(string name) => ValueConverter.Convert<T>(GetInputNode(name));

    /// <summary>The evaluated JSON value of an input.</summary>
    public JsonNode? GetInputNode(string name)
    {
        var input = Descriptor.FindInput(name)
            ?? throw new ArgumentException($"Activity type {Descriptor} has no input '{name}'.", nameof(name));
        return _inputs.GetValueOrDefault(input.Name);
    }

    /// <summary>A variable in scope, by id or name: the innermost container's first, then the workflow's.</summary>
    public T? GetVariable<T>(string idOrName) => ValueConverter.Convert<T>(_run.Variables(_state).GetVariable(idOrName));

    /// <summary>Sets a variable in scope, converted to its declared type; an undeclared name becomes a workflow variable.</summary>
    public void SetVariable(string idOrName, object? value) => _run.Variables(_state).SetVariable(idOrName, ValueConverter.ToNode(value));

    /// <summary>Sets an output; a binding on the activity copies it into its variable when the activity completes.</summary>
    public void SetOutput(string name, object? value)
    {
        var output = Descriptor.FindOutput(name)
            ?? throw new ArgumentException($"Activity type {Descriptor} has no output '{name}'.", nameof(name));
        Outputs[output.Name] = ValueConverter.ToNode(value);
    }

    /// <summary>Whether every forward connection into this activity was visited (what a WaitAll join waits for).</summary>
    internal bool AllInboundConnectionsVisited() => _run.AllInboundVisited(_state);

    /// <summary>After this (join) activity completes, cancel the branches still running towards it.</summary>
    internal void CancelInboundBranches() => CancelInboundBranchesRequested = true;

    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
