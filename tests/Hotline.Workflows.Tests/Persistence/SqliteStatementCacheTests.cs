using System.Data;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Persistence;

/// <summary>
/// SQLite statements prepared once per connection and reused across commands and requests (docs/perf.md, "stmt"): the
/// reuse must never change what a statement reads or writes.
/// </summary>
public sealed class SqliteStatementCacheTests : IDisposable
{
    private const string Select = "SELECT \"Text\" FROM \"Notes\" WHERE \"Id\" >= @from ORDER BY \"Id\"";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "hotline-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteConnection connection;

    public SqliteStatementCacheTests()
    {
        Directory.CreateDirectory(folder);
        connection = new SqliteConnection($"Data Source={Path.Combine(folder, "cache.db")};Pooling=False");
        connection.Open();
        Execute("CREATE TABLE \"Notes\" (\"Id\" INTEGER PRIMARY KEY, \"Text\" TEXT NOT NULL)");
        Execute("INSERT INTO \"Notes\" VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }

    private SqliteStatementCache Cache => SqliteStatementCache.Of(connection);

    [Fact]
    public void A_statement_run_twice_on_one_connection_is_compiled_once()
    {
        Assert.Equal(["one", "two", "three"], Read(From(1)));
        var compiled = Cache.Compiled;

        Assert.Equal(["two", "three"], Read(From(2)));

        Assert.Equal(compiled, Cache.Compiled);
        Assert.Equal(1, Cache.Idle);
    }

    [Fact]
    public void Two_readers_of_the_same_text_at_once_each_get_their_own_statement()
    {
        using var first = From(1);
        using var firstReader = first.ExecuteReader();
        Assert.True(firstReader.Read());

        // The first statement is mid-step: the second must not be handed the same one.
        Assert.Equal(["two", "three"], Read(From(2)));
        var rest = new List<string> { firstReader.GetString(0) };
        while (firstReader.Read())
        {
            rest.Add(firstReader.GetString(0));
        }

        Assert.Equal(["one", "two", "three"], rest);
        firstReader.Dispose();
        first.Dispose();
        Assert.Equal(2, Cache.Idle);
        Assert.Equal(0, Cache.Rented);
    }

    [Fact]
    public void A_parameter_of_one_execution_never_reaches_the_next()
    {
        Assert.Equal(["three"], Read(From(3)));

        using var again = Cache.Rent(Select, null);
        Assert.Empty(again.Parameters);
        // SQLite keeps a statement's bindings across a reset; Microsoft.Data.Sqlite refuses to run with one left unset,
        // so the 3 bound before can never be read again by mistake.
        Assert.Throws<InvalidOperationException>(() => again.ExecuteScalar());
    }

    [Fact]
    public void A_rolled_back_transaction_leaves_the_cached_statements_usable()
    {
        const string insert = "INSERT INTO \"Notes\" VALUES (@id, @text)";
        using (var transaction = connection.BeginTransaction())
        {
            Insert(insert, transaction, 4, "four");
            transaction.Rollback();
        }

        var compiled = Cache.Compiled;
        using (var transaction = connection.BeginTransaction())
        {
            Insert(insert, transaction, 4, "vier");
            transaction.Commit();
        }

        Assert.Equal(compiled, Cache.Compiled);
        Assert.Equal(["vier"], Read(From(4)));
    }

    [Fact]
    public void A_schema_change_under_a_cached_statement_is_recompiled_by_sqlite_itself()
    {
        const string all = "SELECT * FROM \"Notes\" WHERE \"Id\" = 1";
        Assert.Equal(2, Columns(all));
        var compiled = Cache.Compiled;

        Execute("ALTER TABLE \"Notes\" ADD COLUMN \"Unit\" TEXT NOT NULL DEFAULT 'water'");

        Assert.Equal(3, Columns(all));
        Assert.Equal(compiled, Cache.Compiled);
    }

    [Fact]
    public void Closing_the_connection_finalises_its_statements()
    {
        Assert.Equal(["one", "two", "three"], Read(From(1)));
        Assert.Equal(1, Cache.Idle);

        connection.Close();
        Assert.Equal(0, Cache.Idle);

        connection.Open();
        var compiled = Cache.Compiled;
        Assert.Equal(["one", "two", "three"], Read(From(1)));
        Assert.Equal(compiled + 1, Cache.Compiled);
    }

    [Fact]
    public void The_least_recently_used_statements_go_beyond_the_capacity()
    {
        for (var i = 0; i <= SqliteStatementCache.Capacity; i++)
        {
            using var command = Cache.Rent($"SELECT {i}", null);
            Assert.Equal((long)i, command.ExecuteScalar());
        }

        Assert.Equal(SqliteStatementCache.Capacity, Cache.Idle);
        var compiled = Cache.Compiled;
        using (var newest = Cache.Rent($"SELECT {SqliteStatementCache.Capacity}", null))
        {
            newest.ExecuteScalar();
        }

        Assert.Equal(compiled, Cache.Compiled);
        using (var oldest = Cache.Rent("SELECT 0", null))
        {
            oldest.ExecuteScalar();
        }

        Assert.Equal(compiled + 1, Cache.Compiled);
    }

    [Fact]
    public void A_command_ef_built_is_taken_over_and_leaves_the_connection()
    {
        var tracked = CommandsOfConnection();
        using var transaction = connection.BeginTransaction();
        for (var i = 0; i < 200; i++)
        {
            // As EF Core builds a command: on the connection, in its transaction, never executed.
            var built = connection.CreateCommand();
            built.CommandText = Select;
            built.Transaction = transaction;
            built.CommandTimeout = 7;
            built.Parameters.AddWithValue("@from", 2);

            var taken = Cache.Replace(built);

            Assert.Same(transaction, taken.Transaction);
            Assert.Equal(7, taken.CommandTimeout);
            Assert.Equal(["two", "three"], Read(taken));
            Assert.Null(built.Connection);
            Assert.Empty(built.Parameters);
        }

        // Only the cached command stays the connection's: the 200 built ones are not left in its list of commands.
        Assert.Equal(1, Cache.Idle);
        Assert.Equal(tracked + 1, CommandsOfConnection());
    }

    [Fact]
    public async Task The_stores_scopes_reuse_one_connections_statements_and_give_it_back_only_clean()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var services = await database.CreateProviderAsync();
        SqliteConnection? first = null;
        var compiled = 0;
        for (var round = 0; round < 3; round++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var missing = "instance-" + round;
            Assert.False(await db.Instances.AnyAsync(x => x.Id == missing, TestContext.Current.CancellationToken));
            var used = (SqliteConnection)db.Database.GetDbConnection();
            first ??= used;
            Assert.Same(first, used);
            if (round == 1)
            {
                compiled = SqliteStatementCache.Of(used).Compiled;
            }
            else if (round == 2)
            {
                Assert.Equal(compiled, SqliteStatementCache.Of(used).Compiled);

                // Left in a transaction, the connection is closed rather than handed to the next scope.
                await db.Database.GetDbConnection().BeginTransactionAsync(TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(ConnectionState.Closed, first!.State);
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.NotSame(first, scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.GetDbConnection());
        }
    }

    public void Dispose()
    {
        connection.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The commands the connection keeps to dispose when it closes (Microsoft.Data.Sqlite's own list, read by reflection).</summary>
    private int CommandsOfConnection() =>
        ((System.Collections.ICollection)typeof(SqliteConnection)
            .GetField("_commands", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(connection)!).Count;

    private SqliteCommand From(long id)
    {
        var command = Cache.Rent(Select, null);
        command.Parameters.AddWithValue("@from", id);
        return command;
    }

    private static List<string> Read(SqliteCommand command)
    {
        using (command)
        {
            using var reader = command.ExecuteReader();
            var texts = new List<string>();
            while (reader.Read())
            {
                texts.Add(reader.GetString(0));
            }

            return texts;
        }
    }

    private int Columns(string sql)
    {
        using var command = Cache.Rent(sql, null);
        using var reader = command.ExecuteReader();
        return reader.FieldCount;
    }

    private void Insert(string sql, SqliteTransaction transaction, long id, string text)
    {
        using var command = Cache.Rent(sql, transaction);
        command.Parameters.AddWithValue("@id", id);
        command.Parameters.AddWithValue("@text", text);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
