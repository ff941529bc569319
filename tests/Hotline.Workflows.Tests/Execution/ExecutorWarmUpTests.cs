using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

// Every executor test's first run would otherwise compile the executor and Jint inside its own time limits: seconds on
// a loaded machine, past a script's 2 s (seen: LogPersistenceTests faulted its burst at load 20–45).
[assembly: AssemblyFixture(typeof(Hotline.Workflows.Tests.Execution.WarmExecutor))]

namespace Hotline.Workflows.Tests.Execution;

public sealed class WarmExecutor : IAsyncLifetime
{
    public async ValueTask InitializeAsync()
    {
        var registry = ActivityRegistry.CreateWithBuiltIns();
        await new ExecutorWarmUp(new WorkflowExecutor(registry, TimeProvider.System, null, null), registry, TimeProvider.System, new FakeLogger<ExecutorWarmUp>())
            .StartAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public class ExecutorWarmUpTests
{
    [Fact]
    public async Task The_warm_up_workflow_runs_its_scripts_to_the_end()
    {
        var registry = ActivityRegistry.CreateWithBuiltIns();
        var warmUp = new ExecutorWarmUp(new WorkflowExecutor(registry, TimeProvider.System, null, null), registry, TimeProvider.System, new FakeLogger<ExecutorWarmUp>());

        var (instance, result) = await warmUp.RunOnceAsync(TestContext.Current.CancellationToken);

        // Both scripts ran: the variable was set from a script, and the line was written from the variables.
        Assert.Equal(WorkflowSubStatus.Finished, instance.SubStatus);
        Assert.Equal(44, WorkflowState.Read(instance.StateJson).Variables.Values.Single(scope => scope.ContainsKey("count"))["count"]!.GetValue<int>());
        var line = result.Journal.Single(j => j.ActivityId == "write" && j.EventName == "Completed").Message;
        Assert.Equal("""{"n":44,"t":true}""", line);
    }

    [Fact]
    public async Task A_host_with_the_runtime_warms_the_executor_before_it_starts()
    {
        var logs = new FakeLogCollector();
        using var host = new HostBuilder()
            .ConfigureServices(services => services
                .AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs))
                .AddWorkflowRuntime())
            .Build();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        var warm = Assert.Single(logs.GetSnapshot(), r => r.Category == typeof(ExecutorWarmUp).FullName);
        Assert.Equal(LogLevel.Information, warm.Level);
        Assert.StartsWith("Workflow executor warmed up in", warm.Message, StringComparison.Ordinal);
    }
}
