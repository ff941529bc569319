namespace Hotline.Workflows.Activities;

/// <summary>
/// The behaviour of an activity type. Implementations are stateless and shared: everything about
/// one run comes in through the <see cref="ActivityExecutionContext"/>, and the returned
/// <see cref="ActivityResult"/> says what happens next; the executor applies it.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the activity when the flowchart reaches it.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context);

    /// <summary>
    /// Runs when one of the activity's bookmarks is resumed, or when the activity is the trigger whose stimulus
    /// started the instance; <see cref="ActivityExecutionContext.ResumeInput"/> carries the stimulus. By default
    /// the activity completes with <c>Done</c>.
    /// </summary>
    ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete());
}
