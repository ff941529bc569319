using System.Data.Common;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Persistence;

/// <summary>
/// The DatetimeUtcTicks migrations convert a store made before them in place: every instant column reads back
/// the same instant, now as UTC ticks, and the engine's queries over them (due timers, ordering) still run in SQL.
/// </summary>
public sealed class InstantEncodingMigrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Whole milliseconds (the old SQLite form kept no finer) at offsets either side of UTC.
    private static readonly (string Table, string Column, DateTimeOffset Value)[] Instants =
    [
        ("WorkflowDefinitions", "CreatedAt", new(2026, 3, 2, 9, 30, 15, 123, TimeSpan.FromHours(8))),
        ("WorkflowInstances", "CreatedAt", new(2026, 3, 2, 9, 31, 0, 7, TimeSpan.FromHours(8))),
        ("WorkflowInstances", "UpdatedAt", new(2026, 3, 1, 20, 45, 0, 0, TimeSpan.FromHours(-5))),
        ("WorkflowInstances", "FinishedAt", new(2026, 3, 2, 2, 0, 0, 999, TimeSpan.Zero)),
        ("Bookmarks", "CreatedAt", new(2026, 3, 2, 10, 0, 0, 1, TimeSpan.FromHours(8))),
        ("Bookmarks", "DueAt", new(2026, 3, 5, 17, 59, 59, 500, TimeSpan.FromHours(8))),
        ("ActivityExecutionRecords", "StartedAt", new(2026, 3, 2, 10, 0, 0, 2, TimeSpan.FromHours(8))),
        ("ActivityExecutionRecords", "CompletedAt", new(2026, 3, 1, 21, 0, 0, 3, TimeSpan.FromHours(-5))),
        ("WorkflowExecutionLogRecords", "Timestamp", new(2026, 3, 2, 10, 0, 0, 4, TimeSpan.FromHours(8))),
    ];

    private const string Rows = """
        INSERT INTO "WorkflowDefinitions" ("Id", "ContentHash", "DefinitionId", "Json", "Name", "IsLatest", "IsPublished", "IsSystem", "Version", "CreatedAt")
        VALUES ('v1', 'h', 'd1', '{}', 'Sign', TRUE, TRUE, FALSE, 1, @p0);
        INSERT INTO "WorkflowInstances" ("Id", "DefinitionId", "DefinitionVersionId", "StateJson", "Status", "SubStatus", "IncidentCount", "Revision", "Version", "CreatedAt", "UpdatedAt", "FinishedAt")
        VALUES ('i1', 'd1', 'v1', '{}', 'Finished', 'Finished', 0, 1, 1, @p1, @p2, @p3);
        INSERT INTO "Bookmarks" ("Id", "ActivityInstanceId", "ActivityNodeId", "Hash", "Name", "WorkflowInstanceId", "CreatedAt", "DueAt")
        VALUES ('b1', 'a1', 'n1', 'h', 'Timer', 'i1', @p4, @p5);
        INSERT INTO "ActivityExecutionRecords" ("Id", "ActivityId", "ActivityNodeId", "ActivityType", "Status", "WorkflowInstanceId", "ActivityTypeVersion", "AggregateFaultCount", "CallStackDepth", "HasBookmarks", "StartedAt", "CompletedAt")
        VALUES ('e1', 'a1', 'n1', 'Delay', 'Completed', 'i1', 1, 0, 0, FALSE, @p6, @p7);
        INSERT INTO "WorkflowExecutionLogRecords" ("Id", "ActivityId", "ActivityInstanceId", "ActivityType", "EventName", "NodeId", "WorkflowInstanceId", "ActivityTypeVersion", "Sequence", "Timestamp")
        VALUES ('l1', 'a1', 'a1', 'Delay', 'Completed', 'n1', 'i1', 1, 1, @p8);
        """;

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_store_made_before_the_migration_reads_back_the_same_instants(WorkflowDatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var services = database.CreateServices().BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("TenantWorkflows", Token);
        await InsertInTheOldEncodingAsync(db, provider);

        await migrator.MigrateAsync(cancellationToken: Token);

        foreach (var (table, column, value) in Instants)
        {
            // Names from the list above, not input.
            var select = $"SELECT \"{column}\" AS \"Value\" FROM \"{table}\"";
            var stored = await db.Database.SqlQueryRaw<long>(select).SingleAsync(Token);
            Assert.True(value.UtcTicks == stored, $"{table}.{column}: {new DateTimeOffset(stored, TimeSpan.Zero):O}, expected {value.UtcDateTime:O}");
        }

        var instance = await db.Instances.AsNoTracking().SingleAsync(Token);
        Assert.Equal([Instant("WorkflowInstances", "CreatedAt"), Instant("WorkflowInstances", "UpdatedAt"), Instant("WorkflowInstances", "FinishedAt")],
            [instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt!.Value]);

        // A due timer is found by a range in SQL, a minute after its instant and not a minute before.
        var due = Instant("Bookmarks", "DueAt");
        Assert.Equal([due], await db.Bookmarks.Where(b => b.DueAt <= due.AddMinutes(1)).OrderBy(b => b.DueAt).Select(b => b.DueAt!.Value).ToListAsync(Token));
        Assert.Empty(await db.Bookmarks.Where(b => b.DueAt <= due.AddMinutes(-1)).ToListAsync(Token));
        // 09:31 at +08:00 is before 20:45 the evening before at -05:00: compared as instants, not clock readings.
        var updated = Instant("WorkflowInstances", "UpdatedAt");
        Assert.Single(await db.Instances.Where(i => i.CreatedAt < updated).OrderByDescending(i => i.CreatedAt).ToListAsync(Token));
        Assert.Empty(await db.Instances.Where(i => i.CreatedAt > updated).ToListAsync(Token));
    }

    private static DateTimeOffset Instant(string table, string column) =>
        Instants.Single(x => x.Table == table && x.Column == column).Value.ToUniversalTime();

    private static async Task InsertInTheOldEncodingAsync(WorkflowDbContext db, WorkflowDatabaseProvider provider)
    {
        var binary = new DateTimeOffsetToBinaryConverter();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = Rows;
        for (var i = 0; i < Instants.Length; i++)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            // SQLite held EF's binary form (clock ticks and offset); timestamptz takes UTC only.
            parameter.Value = provider == WorkflowDatabaseProvider.Sqlite
                ? binary.ConvertToProvider(Instants[i].Value)!
                : Instants[i].Value.ToUniversalTime();
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(Token);
    }
}
