using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SQLitePCL;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Writes rows of one entity type (journal lines, bookmarks, activity-execution records, an instance) on SQLite through one
/// prepared <c>INSERT</c> (or <c>UPDATE</c>, <c>DELETE</c>) re-executed per row, inside the unit of work's open
/// transaction. EF Core's SQLite provider sends one command per row and SQLite prepares each anew; a multi-row
/// <c>INSERT</c> with hundreds of parameters measured slower still (docs/perf.md). The columns and value converters come
/// from the EF model, so the rows are exactly what <c>SaveChanges</c> would write. The statements are the connection's
/// native ones (<see cref="SqliteRowStatements"/>), bound by position: each is prepared once per connection.
/// </summary>
internal static class SqliteRowAppend
{
    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    /// <summary>Whether <paramref name="db"/> can take rows this way now: SQLite, inside an open transaction.</summary>
    /// <remarks>By the context's type: <c>IsSqlite()</c> compares provider names taken from the assembly's name, parsed
    /// afresh on every call (7 % of a clustered node's CPU per resume on PostgreSQL, docs/perf.md).</remarks>
    public static bool Applies(WorkflowDbContext db) => db is SqliteWorkflowDbContext && db.Database.CurrentTransaction is not null;

    /// <summary>Inserts <paramref name="rows"/>.</summary>
    public static void Insert<T>(WorkflowDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (shape, statements, insert) = Statement<T>(db, RowWrite.Insert, cancellationToken);
        foreach (var row in rows)
        {
            Bind(statements, insert, shape, row);
            statements.Execute(insert);
        }
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> or, where the key is stored, updates every column, as EF's save of a modified entity
    /// would, if the stored row is of the same workflow instance; a row that is not stored (an instance imported without it)
    /// is inserted. False when a key is held by another instance (another tenant's included): its row is left as it was,
    /// a conflict for the caller, which rolls the transaction back.
    /// </summary>
    public static bool UpsertOfOwner<T>(WorkflowDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var (shape, statements, upsert) = Statement<T>(db, RowWrite.UpsertOfOwner, cancellationToken);
        foreach (var row in rows)
        {
            Bind(statements, upsert, shape, row);
            if (statements.Execute(upsert) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Updates <paramref name="row"/> by key, every column, where its concurrency token is still <paramref name="original"/>:
    /// the UPDATE EF's save of an attached, modified entity sends. False when no row matched (changed or gone meanwhile).
    /// </summary>
    public static bool UpdateFrom<T>(WorkflowDbContext db, T row, object original, CancellationToken cancellationToken)
        where T : class
    {
        var (shape, statements, update) = Statement<T>(db, RowWrite.UpdateFrom, cancellationToken);
        Bind(statements, update, shape, row);
        statements.Bind(update, shape.Columns.Length + 1, original);
        return statements.Execute(update) == 1;
    }

    /// <summary>Deletes <paramref name="rows"/> by key, as EF's save does. False when one was not stored any more (deleted meanwhile).</summary>
    public static bool Delete<T>(WorkflowDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var (shape, statements, delete) = Statement<T>(db, RowWrite.Delete, cancellationToken);
        foreach (var row in rows)
        {
            for (var i = 0; i < shape.Key.Length; i++)
            {
                statements.Bind(delete, i + 1, Value(shape.Columns[shape.Key[i]], row));
            }

            if (statements.Execute(delete) != 1)
            {
                return false;
            }
        }

        return true;
    }

    private static (Shape Shape, SqliteRowStatements Statements, sqlite3_stmt Statement) Statement<T>(
        WorkflowDbContext db, RowWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model.");
        var shape = Shapes.GetValue(entity, Shape.Of);
        var sql = write switch
        {
            RowWrite.Insert => shape.Insert,
            RowWrite.UpsertOfOwner => shape.UpsertOfOwner ?? throw new InvalidOperationException("The entity has no owning instance."),
            RowWrite.UpdateFrom => shape.UpdateFrom ?? throw new InvalidOperationException("The entity has no concurrency token."),
            _ => shape.Delete,
        };
        var statements = SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection());
        return (shape, statements, statements.For(sql));
    }

    private static void Bind(SqliteRowStatements statements, sqlite3_stmt statement, Shape shape, object row)
    {
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            statements.Bind(statement, i + 1, Value(shape.Columns[i], row));
        }
    }

    private static object? Value(Column column, object row)
    {
        var value = column.Getter.GetClrValue(row);
        return value is not null && column.Converter is not null ? column.Converter.ConvertToProvider(value) : value;
    }

    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    /// <summary>
    /// The statements bind <c>?1…</c> in the model's property order (a DELETE only its key's, from <c>?1</c>); an UPDATE
    /// checked against the concurrency token binds the token's original value as the parameter after the last column.
    /// </summary>
    private sealed record Shape(string Insert, string? UpsertOfOwner, string? UpdateFrom, string Delete, Column[] Columns, int[] Key)
    {
        public static Shape Of(IEntityType entity)
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            if (properties.Exists(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never))
            {
                throw new InvalidOperationException($"{entity.DisplayName()} has shadow or generated columns; write it through SaveChanges.");
            }

            var key = entity.FindPrimaryKey()!.Properties;
            string Name(IProperty p) => "\"" + p.GetColumnName(table) + "\"";
            string Parameter(IProperty p) => "?" + (properties.IndexOf(p) + 1);
            var names = string.Join(", ", properties.Select(Name));
            var values = string.Join(", ", properties.Select(Parameter));
            // An update leaves the key and every init-only column (an instance's definition and creation time, a record's
            // activity and start): they keep the value the row was stored with, and SQLite rewrites each index over a column
            // the SET names, changed or not (docs/perf.md, rows9).
            var changeable = properties.Where(p => !key.Contains(p) && !IsInitOnly(p)).ToList();
            var set = string.Join(", ", changeable.Select(p => Name(p) + " = " + Parameter(p)));
            var where = string.Join(" AND ", key.Select(p => Name(p) + " = " + Parameter(p)));
            var whereKey = string.Join(" AND ", key.Select((p, i) => Name(p) + " = ?" + (i + 1)));
            // The revision of an instance; a record's owning instance is a token too, but it is checked by the upsert below.
            var token = properties.SingleOrDefault(p => p.IsConcurrencyToken && p.Name != "WorkflowInstanceId");
            var owner = properties.SingleOrDefault(p => p.Name == "WorkflowInstanceId");
            var insert = $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({values})";
            var excluded = string.Join(", ", changeable.Select(p => Name(p) + " = excluded." + Name(p)));
            return new Shape(
                insert,
                owner is null ? null
                    : $"{insert} ON CONFLICT ({string.Join(", ", key.Select(Name))}) DO UPDATE SET {excluded} "
                    + $"WHERE \"{table.Name}\".{Name(owner)} = excluded.{Name(owner)}",
                token is null ? null : $"UPDATE \"{table.Name}\" SET {set} WHERE {where} AND {Name(token)} = ?{properties.Count + 1}",
                $"DELETE FROM \"{table.Name}\" WHERE {whereKey}",
                [.. properties.Select(p => new Column(p.GetGetter(), p.GetTypeMapping().Converter))],
                [.. key.Select(p => properties.IndexOf(p))]);
        }

        private static bool IsInitOnly(IProperty property) =>
            property.PropertyInfo?.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true;
    }
}

/// <summary>The statements <see cref="SqliteRowAppend"/> prepares per entity type.</summary>
internal enum RowWrite
{
    Insert,
    UpsertOfOwner,
    UpdateFrom,
    Delete,
}
