using System.Diagnostics;

namespace Hotline.Application.Profiling;

/// <summary>The parts a ticket action's time is split into (docs/perf.md).</summary>
public enum ActionPhase
{
    /// <summary>From the request's arrival to the runner: authentication, routing, reading the body.</summary>
    Authentication,

    /// <summary>Waiting for a place among the actions running at once on the node (<c>Hotline:Tickets:Admission</c>).</summary>
    Admission,

    /// <summary>Opening the unit of work, the tenant and its rules, the ticket.</summary>
    Loading,

    /// <summary>The domain method and the checks on what it put on the ticket.</summary>
    Domain,

    /// <summary>Delivering the action to the ticket's workflows: resumes and starts, with their own saves.</summary>
    Workflow,

    /// <summary>Saving the ticket and committing the unit of work (its before-commit deliveries included).</summary>
    Persistence,

    /// <summary>The response's view of the ticket.</summary>
    View,

    /// <summary>From the runner's return to the response's end: serialising and writing it.</summary>
    Response,
}

/// <summary>
/// Where one ticket action's wall time and SQL statements go, phase by phase: begun by the host when the request
/// arrives, moved on by the runner, counted into by the host's statement listener. It rides the request's async flow,
/// so work the request awaits counts to the phase it runs in. Absent (null) outside a ticket action.
/// </summary>
public sealed class ActionProfile
{
    private static readonly AsyncLocal<ActionProfile?> Flow = new();
    private static readonly int Phases = Enum.GetValues<ActionPhase>().Length;

    private readonly long[] elapsed = new long[Phases];
    private readonly long[] databaseTicks = new long[Phases];
    private readonly int[] statements = new int[Phases];
    private long since = Stopwatch.GetTimestamp();
    private ActionPhase phase = ActionPhase.Authentication;

    /// <summary>The profile of the action this code runs for, if any.</summary>
    public static ActionProfile? Current => Flow.Value;

    /// <summary>Starts a profile for the request now arriving; it stays current for everything the request awaits.</summary>
    public static ActionProfile Begin() => Flow.Value = new ActionProfile();

    /// <summary>Moves the current profile, if any, to <paramref name="next"/>.</summary>
    public static void Enter(ActionPhase next) => Current?.Switch(next);

    /// <summary>Counts one SQL statement and the time the database took for it to the phase running now.</summary>
    public void CountStatement(TimeSpan duration)
    {
        Interlocked.Increment(ref statements[(int)phase]);
        Interlocked.Add(ref databaseTicks[(int)phase], duration.Ticks);
    }

    /// <summary>Closes the running phase; returns each phase's wall time, database time and statements.</summary>
    public IReadOnlyList<(ActionPhase Phase, TimeSpan Wall, TimeSpan Database, int Statements)> End()
    {
        Switch(phase);
        return [.. Enum.GetValues<ActionPhase>().Select(p => (p, Stopwatch.GetElapsedTime(0, elapsed[(int)p]), TimeSpan.FromTicks(databaseTicks[(int)p]), statements[(int)p]))];
    }

    private void Switch(ActionPhase next)
    {
        var now = Stopwatch.GetTimestamp();
        elapsed[(int)phase] += now - since;
        since = now;
        phase = next;
    }
}
