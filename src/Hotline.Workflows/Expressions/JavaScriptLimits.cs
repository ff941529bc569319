namespace Hotline.Workflows.Expressions;

/// <summary>
/// The sandbox of a JavaScript expression: a process owner's script may not loop forever, eat the
/// server's memory or recurse without end. Hitting a limit faults the activity with an incident.
/// </summary>
public sealed record JavaScriptLimits
{
    public int MaxStatements { get; init; } = 100_000;

    /// <summary>How long a script may run; a single regular-expression match is held to it too.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Managed allocation a script may make, checked by Jint between statements.</summary>
    public long MaxMemoryBytes { get; init; } = 16 * 1024 * 1024;

    public int MaxRecursionDepth { get; init; } = 64;

    /// <summary>The longest string a built-in may be asked to build in one call (<c>repeat</c>, <c>padEnd</c>, <c>join</c>...), in characters.</summary>
    public int MaxStringLength { get; init; } = 1024 * 1024;

    /// <summary>The most elements an array may have room for (Jint's <c>MaxArraySize</c>, which counts its capacity).</summary>
    public int MaxArrayLength { get; init; } = 1024 * 1024;

    public static JavaScriptLimits Default { get; } = new();
}
