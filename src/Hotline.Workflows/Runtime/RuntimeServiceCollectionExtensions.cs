using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the workflow runtime.</summary>
public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkflowRuntime"/> (scoped, one unit of work per call), the executor, the parsed definition
    /// cache and the executor's warm-up at start (<see cref="ExecutorWarmUp"/>). The <see cref="ActivityRegistry"/>
    /// defaults to the built-ins; register your own first to add domain activities. Call after
    /// <c>AddWorkflowPersistence</c>.
    /// </summary>
    public static IServiceCollection AddWorkflowRuntime(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ActivityRegistry.CreateWithBuiltIns());
        services.TryAddSingleton(sp => new WorkflowExecutor(sp.GetRequiredService<ActivityRegistry>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<WorkflowLimits>(), sp.GetService<WorkflowEngineSettings>()));
        services.TryAddSingleton<WorkflowDefinitionCache>();
        services.TryAddScoped<WorkflowRuntime>();
        services.TryAddScoped<Hotline.Workflows.Alterations.WorkflowAlterations>();
        services.TryAddScoped<Hotline.Workflows.Instances.InstanceImport>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ExecutorWarmUp>());
        return services;
    }
}
