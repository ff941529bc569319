using Hotline.Workflows.Definitions;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers definition versioning.</summary>
public static class DefinitionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkflowDefinitionStore"/> and, when <paramref name="folder"/> is given, the start-up
    /// import of its <c>*.json</c> files (<see cref="DefinitionFolderImport"/>).
    /// </summary>
    public static IServiceCollection AddWorkflowDefinitions(this IServiceCollection services, string? folder = null)
    {
        services.TryAddScoped<WorkflowDefinitionStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ActivityRegistry.CreateWithBuiltIns());
        if (folder is not null)
        {
            services.AddSingleton(new DefinitionFolderOptions { Folder = folder });
            services.AddHostedService<DefinitionFolderImport>();
        }

        return services;
    }
}
