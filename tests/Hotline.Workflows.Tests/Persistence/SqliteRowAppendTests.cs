using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Persistence;

/// <summary>
/// The workflow rows written on SQLite through the connection's own prepared statements, bound by position
/// (<see cref="SqliteRowAppend"/>, <see cref="SqliteRowStatements"/>): every column must be stored exactly as EF's
/// <c>SaveChanges</c> stores it (the instance viewer and Studio read these rows back through EF).
/// </summary>
public sealed class SqliteRowAppendTests : IAsyncDisposable
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 15, 123, TimeSpan.FromHours(8));

    // Longer than the buffer a connection keeps for text values, and not ASCII.
    private static readonly string Large = string.Concat(Enumerable.Repeat("市民反映路灯不亮 street light out; ", 4000));

    private readonly TestDatabase database = TestDatabase.CreateSqlite();
    private ServiceProvider? services;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        await database.DisposeAsync();
    }

    private async Task<T> InTransactionAsync<T>(Func<WorkflowDbContext, Task<T>> work)
    {
        services ??= await database.CreateProviderAsync();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(Token);
        var result = await work(db);
        await transaction.CommitAsync(Token);
        return result;
    }

    private static WorkflowExecutionLogRecord Line(string id, long sequence, string? message) => new()
    {
        Id = id,
        WorkflowInstanceId = "instance-1",
        ActivityInstanceId = "activity-instance-1",
        ParentActivityInstanceId = null,
        ActivityId = "dispatch",
        ActivityType = "Hotline.Dispatch",
        ActivityTypeVersion = 3,
        ActivityName = "派单",
        NodeId = "Workflow1:dispatch",
        Timestamp = At,
        Sequence = sequence,
        EventName = "Completed",
        Message = message,
        Source = "",
        Actor = "张三",
        ActivityStateJson = Large,
        PayloadJson = "{\"Outcomes\":[\"Done\"]}",
    };

    private static Bookmark Mark(string id, DateTimeOffset? due) => new()
    {
        Id = id,
        WorkflowInstanceId = "instance-1",
        Name = "Elsa.Event",
        Hash = "ABCDEF0123",
        PayloadJson = null,
        ActivityNodeId = "Workflow1:wait",
        ActivityInstanceId = "activity-instance-2",
        CorrelationId = "TCK-1",
        TenantId = "county-a",
        DueAt = due,
        CreatedAt = At,
    };

    private static ActivityExecutionRecord Record(string id) => new()
    {
        Id = id,
        WorkflowInstanceId = "instance-1",
        ActivityId = "wait",
        ActivityNodeId = "Workflow1:wait",
        ActivityType = "Elsa.Event",
        ActivityName = null,
        ActivityStateJson = Large,
        OutputsJson = "",
        StartedAt = At,
        CompletedAt = null,
        HasBookmarks = true,
        Status = ActivityStatus.Running,
        AggregateFaultCount = 2,
        CallStackDepth = 1,
    };

    /// <summary>Every column but the key, with the type SQLite stored it as (integer, text, …) and its value.</summary>
    private static async Task<List<(string Column, Type Stored, object Value)>> StoredAsync(WorkflowDbContext db, string table, string id)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"Id\" = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token), $"{id} was not stored.");
        var row = new List<(string Column, Type Stored, object Value)>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (reader.GetName(i) != "Id")
            {
                row.Add((reader.GetName(i), reader.GetFieldType(i), reader.GetValue(i)));
            }
        }

        return row;
    }

    [Fact]
    public async Task Journal_lines_bookmarks_and_records_are_stored_column_for_column_as_EF_stores_them()
    {
        var (rows, ef) = await InTransactionAsync(async db =>
        {
            SqliteRowAppend.Insert(db, [Line("row-line", 7, ""), Line("row-line-null", 8, null)], Token);
            SqliteRowAppend.Insert(db, [Mark("row-mark", At.AddDays(2)), Mark("row-mark-null", null)], Token);
            SqliteRowAppend.Insert(db, [Record("row-record")], Token);
            db.Journal.AddRange(Line("ef-line", 7, ""), Line("ef-line-null", 8, null));
            db.Bookmarks.AddRange(Mark("ef-mark", At.AddDays(2)), Mark("ef-mark-null", null));
            db.ActivityExecutions.Add(Record("ef-record"));
            await db.SaveChangesAsync(Token);
            db.ChangeTracker.Clear();

            var stored = new List<List<(string Column, Type Stored, object Value)>>();
            var byEf = new List<List<(string Column, Type Stored, object Value)>>();
            foreach (var (table, id) in new[]
            {
                ("WorkflowExecutionLogRecords", "line"), ("WorkflowExecutionLogRecords", "line-null"),
                ("Bookmarks", "mark"), ("Bookmarks", "mark-null"), ("ActivityExecutionRecords", "record"),
            })
            {
                stored.Add(await StoredAsync(db, table, "row-" + id));
                byEf.Add(await StoredAsync(db, table, "ef-" + id));
            }

            return (stored, byEf);
        });

        Assert.Equal(ef, rows);
        // What the comparison rests on: an empty text is not NULL, a large one is whole, an absent one is NULL.
        Assert.Contains(("Message", typeof(string), (object)""), rows[0]);
        Assert.Contains(rows[1], c => c is { Column: "Message", Value: DBNull });
        Assert.Contains(("ActivityStateJson", typeof(string), (object)Large), rows[0]);
        Assert.Contains(("HasBookmarks", typeof(long), (object)1L), rows[4]);
        Assert.Contains(("Status", typeof(string), (object)"Running"), rows[4]);
    }

    [Fact]
    public async Task More_rows_in_one_save_than_one_statement_may_bind_are_all_stored_in_their_order()
    {
        // 2,500 lines of 17 columns: 42,500 values, more than SQLite's 32,766 variables in one statement.
        var lines = Enumerable.Range(0, 2500).Select(i => Line($"line-{i:D5}", i, $"line {i}")).ToList();

        var stored = await InTransactionAsync(async db =>
        {
            SqliteRowAppend.Insert(db, lines, Token);
            return await db.Journal.AsNoTracking().Where(x => x.WorkflowInstanceId == "instance-1")
                .OrderBy(x => x.Sequence).Select(x => new { x.Id, x.Message }).ToListAsync(Token);
        });

        Assert.Equal(lines.Select(x => (x.Id, x.Message)), stored.Select(x => (x.Id, x.Message)));
    }

    [Fact]
    public async Task A_row_the_database_refuses_throws_and_the_statement_serves_the_next_unit_on_the_connection()
    {
        await InTransactionAsync(async db =>
        {
            SqliteRowAppend.Insert(db, [Line("line-1", 1, null)], Token);
            return await Task.FromResult(0);
        });

        var (compiled, refused) = await InTransactionAsync(async db =>
        {
            var compiled = SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection()).Compiled;
            // The same key again: SQLite's constraint error, as Microsoft.Data.Sqlite reports it.
            var refused = Assert.Throws<SqliteException>(() => SqliteRowAppend.Insert(db, [Line("line-2", 2, null), Line("line-1", 3, null)], Token));
            return await Task.FromResult((compiled, refused));
        });

        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
        var after = await InTransactionAsync(async db =>
        {
            SqliteRowAppend.Insert(db, [Line("line-3", 4, null)], Token);
            Assert.Equal(compiled, SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection()).Compiled);
            return await db.Journal.AsNoTracking().OrderBy(x => x.Sequence).Select(x => x.Id).ToListAsync(Token);
        });

        // The refused unit committed what came before the refusal (line-2) only because this test commits it regardless;
        // the runtime rolls such a unit back (DeferredRunTests).
        Assert.Equal(["line-1", "line-2", "line-3"], after);
    }

    [Fact]
    public async Task A_connection_that_closes_finalises_its_statements_and_compiles_them_again_when_reopened()
    {
        services = await database.CreateProviderAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Token);
        var statements = SqliteRowStatements.Of(connection);
        var options = new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite(connection).Options;

        async Task InsertAsync(string id, long sequence)
        {
            await using var db = new SqliteWorkflowDbContext(options);
            await using var transaction = await db.Database.BeginTransactionAsync(Token);
            SqliteRowAppend.Insert(db, [Line(id, sequence, null)], Token);
            await transaction.CommitAsync(Token);
        }

        await InsertAsync("line-1", 1);
        await InsertAsync("line-2", 2);
        Assert.Equal(1, statements.Compiled);
        await connection.CloseAsync();
        await connection.OpenAsync(Token);
        await InsertAsync("line-3", 3);

        Assert.Equal(2, statements.Compiled);
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT count(*) FROM \"WorkflowExecutionLogRecords\"";
        Assert.Equal(3L, await check.ExecuteScalarAsync(Token));
    }

    [Fact]
    public async Task A_bookmark_written_over_a_stored_one_is_stored_column_for_column_as_an_inserted_one_and_the_old_key_is_gone()
    {
        var (over, inserted, old, again) = await InTransactionAsync(async db =>
        {
            var consumed = Mark("consumed", At.AddDays(2));
            SqliteRowAppend.Insert(db, [consumed], Token);
            // Another key, a due time cleared, a payload set, other node and time: every kind of column changes but the hash.
            Bookmark Successor(string id) => new()
            {
                Id = id,
                WorkflowInstanceId = consumed.WorkflowInstanceId,
                Name = consumed.Name,
                Hash = consumed.Hash,
                PayloadJson = "{\"eventName\":\"签收\"}",
                ActivityNodeId = "Workflow1:wait-again",
                ActivityInstanceId = "activity-instance-3",
                CorrelationId = consumed.CorrelationId,
                TenantId = consumed.TenantId,
                DueAt = null,
                CreatedAt = At.AddMinutes(5),
            };

            Assert.True(SqliteRowAppend.UpdateChanged(db, Successor("successor"), SqliteRowAppend.Stored(db, consumed), Token));
            SqliteRowAppend.Insert(db, [Successor("inserted")], Token);
            // Its row is taken: a second replacement of the same stored row finds nothing.
            var again = SqliteRowAppend.UpdateChanged(db, Successor("successor-2"), SqliteRowAppend.Stored(db, consumed), Token);
            return (await StoredAsync(db, "Bookmarks", "successor"), await StoredAsync(db, "Bookmarks", "inserted"),
                await db.Bookmarks.AcrossTenants().CountAsync(x => x.Id == "consumed" || x.Id == "successor-2", Token), again);
        });

        Assert.Equal(inserted, over);
        Assert.Equal(0, old);
        Assert.False(again);
    }

    [Fact]
    public async Task Bookmarks_deleted_together_past_one_statement_s_keys_are_all_gone_and_a_missing_one_fails_the_delete()
    {
        var (left, missing) = await InTransactionAsync(async db =>
        {
            var marks = Enumerable.Range(1, SqliteRowAppend.DeletedAtOnce + 4).Select(i => Mark($"mark-{i:D2}", null)).ToList();
            SqliteRowAppend.Insert(db, marks, Token);
            Assert.True(SqliteRowAppend.Delete(db, marks[..^2], Token));
            var left = await db.Bookmarks.AcrossTenants().OrderBy(x => x.Id).Select(x => x.Id).ToListAsync(Token);
            var missing = SqliteRowAppend.Delete(db, [marks[^1], marks[0]], Token);
            return (left, missing);
        });

        Assert.Equal([$"mark-{SqliteRowAppend.DeletedAtOnce + 3:D2}", $"mark-{SqliteRowAppend.DeletedAtOnce + 4:D2}"], left);
        Assert.False(missing);
    }
}
