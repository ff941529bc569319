using System.Diagnostics;
using System.Globalization;

namespace Hotline.Workflows.Execution;

/// <summary>
/// Counts one burst against <see cref="WorkflowLimits.MaxActivitiesPerBurst"/> and <see cref="WorkflowLimits.BurstTimeout"/>.
/// Time is the real clock's: the budget protects the write transaction the burst holds, which a fake or
/// frozen workflow clock does not.
/// </summary>
internal sealed class BurstBudget(WorkflowLimits limits)
{
    /// <summary>The incident category of every limit.</summary>
    public const string Category = "Limit";

    private readonly long _started = Stopwatch.GetTimestamp();
    private int _executed;

    /// <summary>Null while the burst may run <paramref name="nextActivityId"/>; otherwise the limit it went past.</summary>
    public WorkflowLimitException? Exceeded(string nextActivityId)
    {
        if (++_executed > limits.MaxActivitiesPerBurst)
        {
            return new WorkflowLimitException(
                "workflow.activity-limit",
                string.Create(CultureInfo.InvariantCulture, $"The workflow ran {limits.MaxActivitiesPerBurst} activities without reaching a wait (limit MaxActivitiesPerBurst); stopped before activity '{nextActivityId}'. A loop needs a wait (an event, a timer) in it."));
        }

        var elapsed = Stopwatch.GetElapsedTime(_started);
        return elapsed > limits.BurstTimeout
            ? new WorkflowLimitException(
                "workflow.time-limit",
                string.Create(CultureInfo.InvariantCulture, $"The workflow ran {elapsed.TotalSeconds:0.0} s without reaching a wait, longer than its budget of {limits.BurstTimeout.TotalSeconds:0.0} s (limit BurstTimeout); stopped before activity '{nextActivityId}'."))
            : null;
    }
}
