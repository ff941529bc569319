using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        registry.Register<DeadlineReached>(DeadlineReached.Descriptor);
        registry.Register<ScheduleInterview>(ScheduleInterview.Descriptor);
        registry.Register<EscalateReturnReview>(EscalateReturnReview.Descriptor);
        registry.Register<Notify>(Notify.Descriptor);
        return registry;
    }

    /// <summary>
    /// Makes the host's <see cref="ActivityRegistry"/> the built-ins plus the hotline activities. Call it before the
    /// engine's registration, which only adds a built-ins-only registry when none is registered yet.
    /// </summary>
    public static IServiceCollection AddHotlineActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ => ActivityRegistry.CreateWithBuiltIns().AddHotlineActivities());
        return services;
    }
}
