using System.ComponentModel.DataAnnotations;

namespace Hotline.Application.Tickets.Admission;

/// <summary>Settings of <see cref="ActionAdmission"/>: <c>Hotline:Tickets:Admission</c> (docs/operations.md).</summary>
public sealed class ActionAdmissionOptions : IValidatableObject
{
    public const string Section = "Hotline:Tickets:Admission";

    /// <summary>Ticket actions running at once on this node; unset, <see cref="PerCore"/> per processor.</summary>
    public int? ActionsAtOnce { get; set; }

    /// <summary>
    /// Actions at once per processor when <see cref="ActionsAtOnce"/> is unset. Fewer cost PostgreSQL's actions, which wait
    /// on round trips more than on a core, rate and CPU (docs/perf.md, "admit"); SQLite measured no better with fewer.
    /// </summary>
    public int PerCore { get; set; } = 8;

    /// <summary>Actions of one tenant that may wait for a place; one more is refused as busy at once.</summary>
    public int QueuePerTenant { get; set; } = 200;

    /// <summary>The longest an action waits for a place before it is refused as busy.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The number in force.</summary>
    public int Limit => ActionsAtOnce ?? PerCore * Environment.ProcessorCount;

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem() =>
        ActionsAtOnce is < 1 ? $"{Section}:ActionsAtOnce must be at least 1 (or unset for {nameof(PerCore)} per processor)."
        : PerCore < 1 ? $"{Section}:PerCore must be at least 1."
        : QueuePerTenant < 0 ? $"{Section}:QueuePerTenant must not be negative."
        : MaxWait <= TimeSpan.Zero || MaxWait > TimeSpan.FromMinutes(5) ? $"{Section}:MaxWait must be above zero and at most 5 minutes."
        : null;

    /// <summary>Checked at start: a bad setting stops the server with its name and what it must be.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Problem() is { } problem ? [new ValidationResult(problem)] : [];
}
