namespace Hotline.Workflows.Instances;

/// <summary>Whether an instance can still advance. Names match Elsa 3.8's wire format.</summary>
public enum WorkflowStatus
{
    Running,
    Finished,
}

/// <summary>Detail of <see cref="WorkflowStatus"/>. "Cancelled" has two l's, as in Elsa.</summary>
public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
    Interrupted,
}
