using Hotline.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Definitions;

/// <summary>Where the version-controlled definitions live (the repository's <c>workflows/</c>) and whose they are.</summary>
public sealed class DefinitionFolderOptions
{
    public string? Folder { get; set; }

    /// <summary>
    /// The tenants the start-up import gives the folder to, each its own copy; by default only the no-tenant scope
    /// (an engine without tenants). A host with tenants lists them here.
    /// </summary>
    public Func<IServiceProvider, CancellationToken, Task<IReadOnlyList<string?>>> Tenants { get; set; } =
        (_, _) => Task.FromResult<IReadOnlyList<string?>>([null]);
}

/// <summary>
/// Imports <c>*.json</c> from the definitions folder (启动时导入流程定义), into each tenant's own definitions. The start-up
/// rule: a file is imported only when its <c>version</c> is higher than every version of its <c>definitionId</c> in that
/// tenant, so a restart never duplicates a version and never overwrites what a process owner changed in the designer
/// (their edits are newer versions). To ship a changed flow, raise the file's <c>version</c>, or re-import it on purpose
/// (<see cref="ReimportAsync"/>). A bad file is logged and skipped; it never stops the host.
/// </summary>
public sealed partial class DefinitionFolderImport(IServiceProvider services, DefinitionFolderOptions options, ILogger<DefinitionFolderImport> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The folder is read once and given to every tenant: many counties share one server.
        var files = await ReadFolderAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tenantId in await options.Tenants(services, cancellationToken).ConfigureAwait(false))
        {
            await RunAsync(tenantId, files, ImportIfNewer, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Imports the files newer than the tenant's versions; returns how many were imported.</summary>
    public async Task<int> ImportAsync(string? tenantId, CancellationToken cancellationToken = default) =>
        await RunAsync(tenantId, await ReadFolderAsync(cancellationToken).ConfigureAwait(false), ImportIfNewer, cancellationToken).ConfigureAwait(false);

    /// <summary>Imports every file whose content the tenant's latest version lacks, as a new version; returns how many.</summary>
    public async Task<int> ReimportAsync(string? tenantId, CancellationToken cancellationToken = default) =>
        await RunAsync(tenantId, await ReadFolderAsync(cancellationToken).ConfigureAwait(false),
            (store, document, token) => store.ReimportAsync(document, token), cancellationToken).ConfigureAwait(false);

    private static Task<WorkflowDefinitionRecord?> ImportIfNewer(WorkflowDefinitionStore store, System.Text.Json.Nodes.JsonObject document, CancellationToken cancellationToken) =>
        store.ImportIfNewerAsync(document, cancellationToken);

    /// <summary>The folder's files in name order, as (file name, text); none when no folder is configured or found.</summary>
    private async Task<IReadOnlyList<(string Name, string Text)>> ReadFolderAsync(CancellationToken cancellationToken)
    {
        if (options.Folder is not { } folder || !Directory.Exists(folder))
        {
            LogNoFolder(logger);
            return [];
        }

        var files = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            files.Add((Path.GetFileName(file), await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)));
        }

        return files;
    }

    private async Task<int> RunAsync(
        string? tenantId,
        IReadOnlyList<(string Name, string Text)> files,
        Func<WorkflowDefinitionStore, System.Text.Json.Nodes.JsonObject, CancellationToken, Task<WorkflowDefinitionRecord?>> import,
        CancellationToken cancellationToken)
    {
        var imported = 0;
        foreach (var (fileName, text) in files)
        {
            var scope = services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                try
                {
                    // Parsed per tenant: the store may take nodes of the document into what it keeps.
                    var document = DefinitionDocument.Parse(text);
                    using var tenant = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().EnterTenant(tenantId);
                    var store = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>();
                    var record = await import(store, document, cancellationToken).ConfigureAwait(false);
                    if (record is null)
                    {
                        LogUpToDate(logger, fileName, tenantId);
                        continue;
                    }

                    imported++;
                    LogImported(logger, fileName, tenantId, record.DefinitionId, record.Version, record.IsPublished);
                }
                catch (WorkflowDefinitionValidationException exception)
                {
                    LogRefused(logger, fileName, tenantId, exception.Message);
                }
            }
        }

        return imported;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No workflow definition folder configured or found; nothing imported.")]
    private static partial void LogNoFolder(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{File}: tenant {TenantId} already holds this content or a newer version.")]
    private static partial void LogUpToDate(ILogger logger, string file, string? tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File}: imported {DefinitionId} version {Version} for tenant {TenantId} (published: {Published}).")]
    private static partial void LogImported(ILogger logger, string file, string? tenantId, string definitionId, int version, bool published);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File} was not imported for tenant {TenantId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string file, string? tenantId, string reason);
}
