namespace Hotline.Workflows.Expressions;

/// <summary>
/// The sandbox of a JavaScript expression: a process owner's script may not loop forever, eat the
/// server's memory or recurse without end. Hitting a limit faults the activity with an incident.
/// </summary>
public sealed record JavaScriptLimits
{
    public int MaxStatements { get; init; } = 100_000;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
    public long MaxMemoryBytes { get; init; } = 16 * 1024 * 1024;
    public int MaxRecursionDepth { get; init; } = 64;

    public static JavaScriptLimits Default { get; } = new();
}
