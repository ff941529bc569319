namespace Hotline.Workflows.Execution;

/// <summary>
/// How flowcharts decide when an activity with several inbound connections runs, as Elsa 3.8's
/// <c>FlowchartExecutionMode</c>: counting visited connections (its default) or carrying tokens, where an
/// activity's <c>customProperties.mergeMode</c> applies.
/// </summary>
public enum FlowchartMode
{
    CounterBased,
    TokenBased,
}

/// <summary>
/// Engine settings the host binds from <c>Hotline:Workflows</c>. <see cref="FlowchartMode"/> is the server-wide
/// default (Elsa's <c>FlowchartOptions.DefaultExecutionMode</c>); a definition may choose its own with
/// <c>customProperties["Flowchart:ExecutionMode"]</c> and a run with <see cref="ExecutionRequest.FlowchartMode"/>.
/// </summary>
public sealed record WorkflowEngineSettings
{
    public FlowchartMode FlowchartMode { get; init; } = FlowchartMode.CounterBased;

    /// <summary>
    /// What execution records keep when neither the definition nor the activity says (Elsa's
    /// <c>ManagementOptions.LogPersistenceMode</c>, <c>Include</c> by default); <c>Hotline:Workflows:LogPersistenceMode</c>.
    /// </summary>
    public LogPersistence.LogPersistenceMode LogPersistenceMode { get; init; } = LogPersistence.LogPersistenceMode.Include;

    public static WorkflowEngineSettings Default { get; } = new();
}
