namespace Hotline.Workflows.Activities;

/// <summary>The kinds of <see cref="ActivityResult"/>.</summary>
public enum ActivityResultKind
{
    Complete,
    Suspend,
    Fault,
    Wait,
    FinishWorkflow,
}
