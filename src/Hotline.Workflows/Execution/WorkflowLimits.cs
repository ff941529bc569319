using Hotline.Workflows.Expressions;

namespace Hotline.Workflows.Execution;

/// <summary>
/// What one process owner's workflow may cost the server every county shares (流程运行上限). A burst (one start or
/// resume, run until the instance waits, finishes or faults) holds the store's write transaction, so it is bounded
/// in activity executions and in wall-clock time; past either the instance faults with an incident naming the
/// limit, and the fault commits like any other. Stored texts and variables are bounded so one run cannot bloat the
/// journal or the instance state. The host binds these from <c>Hotline:Workflows:Limits</c>.
/// </summary>
public sealed record WorkflowLimits
{
    /// <summary>Activity executions one burst may run before it reaches a wait.</summary>
    public int MaxActivitiesPerBurst { get; init; } = 10_000;

    /// <summary>Wall-clock time one burst may run (measured on the real clock, not the workflow clock).</summary>
    public TimeSpan BurstTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Journal lines, and activity execution records, one burst stores: past it the first and last halves are kept
    /// and a <c>Truncated</c> line says how many were left out. A runaway loop's 10,000 steps would otherwise cost
    /// 30,000 rows written while every county waits for the write lock.
    /// </summary>
    public int MaxJournalEntriesPerBurst { get; init; } = 1_000;

    /// <summary>Characters of an input, output, journal message or payload kept in the journal and the execution records.</summary>
    public int MaxStoredTextLength { get; init; } = 64 * 1024;

    /// <summary>Characters (as JSON) one variable may hold.</summary>
    public int MaxVariableLength { get; init; } = 1024 * 1024;

    /// <summary>Activities (containers and their children included) one definition may have; checked on save.</summary>
    public int MaxActivitiesPerDefinition { get; init; } = 500;

    /// <summary>The sandbox of JavaScript expressions.</summary>
    public JavaScriptLimits JavaScript { get; init; } = new();

    public static WorkflowLimits Default { get; } = new();
}

/// <summary>A run went past one of the <see cref="WorkflowLimits"/>; it becomes an incident, never an error for the caller.</summary>
public sealed class WorkflowLimitException : Exception
{
    public WorkflowLimitException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public WorkflowLimitException()
    {
    }

    public WorkflowLimitException(string message)
        : base(message)
    {
    }

    public WorkflowLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Which limit: <c>workflow.activity-limit</c>, <c>workflow.time-limit</c> or <c>workflow.variable-limit</c>.</summary>
    public string? Code { get; }
}
