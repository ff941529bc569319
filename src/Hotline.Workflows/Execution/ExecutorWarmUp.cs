using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Execution;

/// <summary>
/// Runs one small workflow with JavaScript expressions through the executor at start, before the node takes work. The
/// first run in a process compiles the executor's and the script engine's code: measured at 1–2 s for the executor and
/// 2.5–4 s more for the first script on a loaded two-core machine. A county's real first run would spend that inside
/// its own limits (the script's <see cref="Expressions.JavaScriptLimits.Timeout"/> of 2 s, the burst's
/// <see cref="WorkflowLimits.BurstTimeout"/>) and fault for no fault of its own.
/// </summary>
internal sealed partial class ExecutorWarmUp(WorkflowExecutor executor, ActivityRegistry registry, TimeProvider time, ILogger<ExecutorWarmUp> logger) : IHostedService
{
    // Start, a JavaScript SetVariable that reads and writes variables, a JavaScript WriteLine: the paths every ticket
    // workflow's expressions take. Built-in activities only, so any registry has them.
    private const string Definition = """
        {
          "id": "warm-up-v1", "definitionId": "warm-up", "name": "Warm-up", "version": 1, "isLatest": true, "isPublished": true,
          "options": {},
          "variables": [
            { "id": "count", "name": "Count", "typeName": "Int32", "isArray": false, "value": "2" },
            { "id": "text", "name": "Text", "typeName": "String", "isArray": false, "value": "热身" }
          ],
          "root": {
            "id": "flowchart1", "type": "Elsa.Flowchart", "version": 1, "customProperties": {}, "metadata": {}, "variables": [],
            "activities": [
              { "id": "start", "type": "Elsa.Start", "version": 1, "customProperties": {}, "metadata": {} },
              { "id": "set", "type": "Elsa.SetVariable", "version": 1, "customProperties": {}, "metadata": {},
                "variable": { "id": "count", "name": "Count", "typeName": "Int32" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCount() * 21 + variables.Text.length" } } },
              { "id": "write", "type": "Elsa.WriteLine", "version": 1, "customProperties": {}, "metadata": {},
                "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "JSON.stringify({ n: getVariable('Count'), t: /热/.test(getText()) })" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "set", "port": "In" }, "vertices": [] },
              { "source": { "activity": "set", "port": "Done" }, "target": { "activity": "write", "port": "In" }, "vertices": [] }
            ]
          }
        }
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var (instance, _) = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            if (instance.SubStatus != WorkflowSubStatus.Finished)
            {
                LogNotFinished(logger, instance.SubStatus);
                return;
            }

            LogWarm(logger, elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the first real run is slower then; the node still starts.
            LogFailed(logger, ex);
        }
    }

    /// <summary>The warm-up workflow's run: in memory, nothing stored.</summary>
    internal async Task<(WorkflowInstance Instance, ExecutionResult Result)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var definition = WorkflowDefinitionSerializer.Parse(Definition, registry);
        var instance = new WorkflowInstance
        {
            Id = "warm-up",
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            Version = definition.Version,
            CreatedAt = time.GetUtcNow(),
        };
        var result = await executor.StartAsync(definition, instance, new ExecutionRequest { Actor = "system" }, cancellationToken).ConfigureAwait(false);
        return (instance, result);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow executor warmed up in {Elapsed}")]
    private static partial void LogWarm(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The executor's warm-up workflow ended {SubStatus}, not Finished: the first run of a workflow may be slow")]
    private static partial void LogNotFinished(ILogger logger, WorkflowSubStatus subStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The executor's warm-up failed: the first run of a workflow may be slow")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
