using Hotline.Workflows.Activities.Flow;
using Hotline.Workflows.Activities.Primitives;
using Hotline.Workflows.Activities.Scheduling;
using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities;

/// <summary>The Elsa 3.8 built-in activities this engine runs, under Elsa's type names so exports round-trip.</summary>
public static class BuiltInActivities
{
    public static void RegisterAll(ActivityRegistry registry)
    {
        registry.Register<Flowchart>(Flowchart.Descriptor);
        registry.Register<Flowchart>(Flowchart.FlowNodeDescriptor);
        registry.Register<Start>(Start.Descriptor);
        registry.Register<End>(End.Descriptor);
        registry.Register<Finish>(Finish.Descriptor);
        registry.Register<FlowDecision>(FlowDecision.Descriptor);
        registry.Register<FlowFork>(FlowFork.Descriptor);
        registry.Register<FlowJoin>(FlowJoin.Descriptor);
        registry.Register<SetVariable>(SetVariable.Descriptor);
        registry.Register<WriteLine>(WriteLine.Descriptor);
        registry.Register<Delay>(Delay.Descriptor);
        registry.Register<Scheduling.Timer>(Scheduling.Timer.Descriptor);
        registry.Register<StartAt>(StartAt.Descriptor);
        registry.Register<Event>(Event.Descriptor);
        registry.Register<Correlate>(Correlate.Descriptor);
        registry.Register<Fault>(Fault.Descriptor);
    }
}
