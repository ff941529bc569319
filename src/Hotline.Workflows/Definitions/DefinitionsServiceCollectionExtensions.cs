using Hotline.Workflows.Definitions;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers definition versioning.</summary>
public static class DefinitionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkflowDefinitionStore"/> and, when <paramref name="folder"/> is given, the import of its
    /// <c>*.json</c> files (<see cref="DefinitionFolderImport"/>), run at start-up for the tenants
    /// <paramref name="tenants"/> lists (default: the no-tenant scope only).
    /// </summary>
    public static IServiceCollection AddWorkflowDefinitions(
        this IServiceCollection services,
        string? folder = null,
        Func<IServiceProvider, CancellationToken, Task<IReadOnlyList<string?>>>? tenants = null)
    {
        services.TryAddScoped<WorkflowDefinitionStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => ActivityRegistry.CreateWithBuiltIns());
        if (folder is not null)
        {
            var options = new DefinitionFolderOptions { Folder = folder };
            if (tenants is not null)
            {
                options.Tenants = tenants;
            }

            services.AddSingleton(options);
            services.AddSingleton<DefinitionFolderImport>();
            services.AddHostedService(sp => sp.GetRequiredService<DefinitionFolderImport>());
        }

        return services;
    }
}
