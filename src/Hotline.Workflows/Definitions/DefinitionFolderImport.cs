using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Definitions;

/// <summary>Where the version-controlled definitions live (the repository's <c>workflows/</c>).</summary>
public sealed class DefinitionFolderOptions
{
    public string? Folder { get; set; }
}

/// <summary>
/// Imports <c>*.json</c> from the definitions folder at start-up (启动时导入流程定义). The rule: a file is imported
/// only when its <c>version</c> is higher than every version of its <c>definitionId</c> in the database, so a
/// restart never duplicates a version and never overwrites what a process owner changed in the designer
/// (their edits are newer versions). To ship a changed flow, raise the file's <c>version</c>. A bad file is
/// logged and skipped; it never stops the host.
/// </summary>
public sealed partial class DefinitionFolderImport(IServiceProvider services, DefinitionFolderOptions options, ILogger<DefinitionFolderImport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ImportAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs the import once; returns how many files were imported.</summary>
    public async Task<int> ImportAsync(CancellationToken cancellationToken = default)
    {
        if (options.Folder is not { } folder || !Directory.Exists(folder))
        {
            LogNoFolder(logger);
            return 0;
        }

        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(file);
            var scope = services.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                try
                {
                    var document = DefinitionDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
                    var store = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>();
                    var record = await store.ImportIfNewerAsync(document, cancellationToken).ConfigureAwait(false);
                    if (record is null)
                    {
                        LogUpToDate(logger, fileName);
                        continue;
                    }

                    imported++;
                    LogImported(logger, fileName, record.DefinitionId, record.Version, record.IsPublished);
                }
                catch (WorkflowDefinitionValidationException exception)
                {
                    LogRefused(logger, fileName, exception.Message);
                }
            }
        }

        return imported;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No workflow definition folder configured or found; nothing imported.")]
    private static partial void LogNoFolder(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{File}: the database already holds this version or a newer one.")]
    private static partial void LogUpToDate(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File}: imported {DefinitionId} version {Version} (published: {Published}).")]
    private static partial void LogImported(ILogger logger, string file, string definitionId, int version, bool published);

    [LoggerMessage(Level = LogLevel.Error, Message = "{File} was not imported: {Reason}")]
    private static partial void LogRefused(ILogger logger, string file, string reason);
}
