using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Expressions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Model;

namespace Hotline.Workflows.Execution;

/// <summary>
/// Runs workflow instances (流程实例) to their next wait state. Pure: it mutates the instance it is
/// given (status, state, correlation id, timestamps) and returns bookmarks, journal and execution
/// records for the caller to persist in one transaction; it never touches a database. Activity
/// failures become incidents on the instance, never exceptions.
/// </summary>
public sealed class WorkflowExecutor(ActivityRegistry registry, TimeProvider time, WorkflowLimits? limits = null, WorkflowEngineSettings? settings = null)
{
    private readonly WorkflowEngineSettings _settings = settings ?? WorkflowEngineSettings.Default;
    private readonly WorkflowLimits _limits = limits ?? WorkflowLimits.Default;
    private readonly ExpressionEvaluator _expressions = new((limits ?? WorkflowLimits.Default).JavaScript);

    /// <summary>An executor with the default limits but for its JavaScript sandbox.</summary>
    public WorkflowExecutor(ActivityRegistry registry, TimeProvider time, JavaScriptLimits javaScriptLimits)
        : this(registry, time, WorkflowLimits.Default with { JavaScript = javaScriptLimits })
    {
    }

    /// <summary>Starts a new instance (status Pending, empty state) and runs it until it finishes or waits.</summary>
    public Task<ExecutionResult> StartAsync(WorkflowDefinition definition, WorkflowInstance instance, ExecutionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(instance);
        return new WorkflowRun(registry, _expressions, _limits, _settings, time, definition, instance, request ?? ExecutionRequest.Empty, ct).StartAsync();
    }

    /// <summary>
    /// Resumes the activity that owns <paramref name="bookmark"/>, with <see cref="ExecutionRequest.ResumeInput"/>
    /// as the stimulus, and runs to the next wait. A bookmark already consumed is a no-op (<see cref="ExecutionResult.None"/>).
    /// </summary>
    public Task<ExecutionResult> ResumeAsync(WorkflowDefinition definition, WorkflowInstance instance, Bookmark bookmark, ExecutionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(bookmark);
        if (bookmark.WorkflowInstanceId != instance.Id)
            throw new ArgumentException($"Bookmark '{bookmark.Id}' belongs to instance '{bookmark.WorkflowInstanceId}', not '{instance.Id}'.", nameof(bookmark));
        return new WorkflowRun(registry, _expressions, _limits, _settings, time, definition, instance, request ?? ExecutionRequest.Empty, ct).ResumeAsync(bookmark);
    }

    /// <summary>Cancels a running instance: Finished/Cancelled, every bookmark removed, a journal line per cancelled activity.</summary>
    public ExecutionResult Cancel(WorkflowDefinition definition, WorkflowInstance instance, string? actor, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(instance);
        return new WorkflowRun(registry, _expressions, _limits, _settings, time, definition, instance, new ExecutionRequest { Actor = actor }, CancellationToken.None).Cancel(reason);
    }
}
