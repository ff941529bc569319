using System.Diagnostics;
using Hotline.Application.Profiling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hotline.Server.Observability;

/// <summary>
/// With <c>Hotline:Metrics:ActionProfile</c> on, every ticket action is split into its phases (<see cref="ActionPhase"/>):
/// wall time, the database's share of it and the SQL statements, recorded on the <c>Hotline</c> meter by action and
/// phase. Off by default: the benchmark (docs/perf.md) and an operator chasing a slow action turn it on.
/// </summary>
internal sealed class ActionProfiling : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly string Executed = RelationalEventId.CommandExecuted.Name!;
    private static readonly string Failed = RelationalEventId.CommandError.Name!;

    private static int listening;

    /// <summary>
    /// Counts every EF Core command of either context into the action it runs for. Once per process: the listeners are
    /// process-wide, and a second host (tests run several) must not count each statement twice.
    /// </summary>
    public static void ListenToStatements()
    {
        if (Interlocked.Exchange(ref listening, 1) == 0)
        {
            DiagnosticListener.AllListeners.Subscribe(new ActionProfiling());
        }
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            value.Subscribe(this, (name, _, _) => name == Executed || name == Failed);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandEndEventData command)
        {
            ActionProfile.Current?.CountStatement(command.Duration);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
