namespace Hotline.Workflows.Persistence.Migrations;

/// <summary>
/// The engine's instant columns, which the DatetimeUtcTicks migrations convert in place to UTC ticks
/// (<see cref="UtcTicksConverter"/>): SQLite's from EF's binary DateTimeOffset form (clock ticks / 1000 shifted
/// left 11 bits, the offset in minutes in the low 11), PostgreSQL's from timestamptz.
/// </summary>
internal static class InstantColumns
{
    public static readonly (string Table, string Column)[] All =
    [
        ("Bookmarks", "CreatedAt"),
        ("Bookmarks", "DueAt"),
        ("WorkflowDefinitions", "CreatedAt"),
        ("WorkflowInstances", "CreatedAt"),
        ("WorkflowInstances", "UpdatedAt"),
        ("WorkflowInstances", "FinishedAt"),
        ("ActivityExecutionRecords", "StartedAt"),
        ("ActivityExecutionRecords", "CompletedAt"),
        ("WorkflowExecutionLogRecords", "Timestamp"),
    ];

    /// <summary>Ticks from 0001-01-01 to the Unix epoch.</summary>
    public const long UnixEpochTicks = 621355968000000000;
}
