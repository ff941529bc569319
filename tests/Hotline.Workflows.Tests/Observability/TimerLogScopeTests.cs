using System.Collections.Concurrent;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Tests.Observability;

public sealed class TimerLogScopeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lines_logged_while_a_timer_resumes_its_instance_carry_the_instance_and_correlation_id()
    {
        var capture = new ScopeCapture();
        await using var engine = await EngineHarness.OpenAsync(configureServices: services =>
        {
            services.AddWorkflowTimers();
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(capture));
        });
        await engine.PublishAsync(TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke")));
        var swept = await engine.RunAsync(r => r.StartAsync("wait-hour", new StartWorkflow { CorrelationId = "TCK-SWEPT" }, Token));
        var alarmed = await engine.RunAsync(r => r.StartAsync("wait-hour", new StartWorkflow { CorrelationId = "TCK-ALARM" }, Token));
        engine.Database.Clock.Advance(TimeSpan.FromHours(2));
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();

        capture.Lines.Clear();
        Assert.Equal(TimerFireOutcome.Fired, await sweep.FireAsync(Assert.Single(alarmed.CreatedBookmarks).Id, Token));
        Assert.Equal(1, await sweep.FireDueAsync(Token));

        // The database commands of each resumption are logged inside its scope.
        Assert.Contains(capture.Lines, line => line.Scope.GetValueOrDefault("WorkflowInstanceId") as string == alarmed.Instance.Id
            && line.Scope.GetValueOrDefault("CorrelationId") as string == "TCK-ALARM");
        Assert.Contains(capture.Lines, line => line.Scope.GetValueOrDefault("WorkflowInstanceId") as string == swept.Instance.Id
            && line.Scope.GetValueOrDefault("CorrelationId") as string == "TCK-SWEPT");
        Assert.DoesNotContain(capture.Lines, line => line.Scope.GetValueOrDefault("WorkflowInstanceId") as string == swept.Instance.Id
            && line.Scope.GetValueOrDefault("CorrelationId") as string == "TCK-ALARM");
    }

    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Category, Dictionary<string, object?> Scope)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => capture.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
                capture.scopes.ForEachScope(
                    (value, into) =>
                    {
                        if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, item) in pairs)
                            {
                                into[key] = item;
                            }
                        }
                    },
                    scope);
                capture.Lines.Enqueue((category, scope));
            }
        }
    }
}
