using Hotline.Workflows.Descriptors;

namespace Hotline.Tickets.Activities;

/// <summary>Registers the hotline activities (热线流程活动), Studio's "Hotline" toolbox category.</summary>
public static class HotlineActivities
{
    public const string Category = "Hotline";

    /// <summary>Adds every hotline activity to <paramref name="registry"/>; returns it for chaining.</summary>
    public static ActivityRegistry AddHotlineActivities(this ActivityRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<AwaitTicketAction>(AwaitTicketAction.Descriptor);
        registry.Register<StartDeadline>(StartDeadline.Descriptor);
        return registry;
    }
}
