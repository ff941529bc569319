
namespace Hotline.Workflows.Activities.Flow;

/// <summary>Marks an activity the flowchart treats as a join: it is scheduled on each arrival rather than once every way in is known.</summary>
public interface IJoinActivity;
