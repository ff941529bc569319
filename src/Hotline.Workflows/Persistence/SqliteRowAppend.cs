using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SQLitePCL;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Writes rows of one entity type (journal lines, bookmarks, activity-execution records, an instance) on SQLite through one
/// prepared <c>INSERT</c> (or <c>UPDATE</c>) re-executed per row, or one <c>DELETE</c> of several keys, inside the unit of work's open
/// transaction. EF Core's SQLite provider sends one command per row and SQLite prepares each anew; a multi-row
/// <c>INSERT</c> with hundreds of parameters measured slower still (docs/perf.md). The columns and value converters come
/// from the EF model, so the rows are exactly what <c>SaveChanges</c> would write. The statements are the connection's
/// native ones (<see cref="SqliteRowStatements"/>), bound by position: each is prepared once per connection.
/// </summary>
internal static class SqliteRowAppend
{
    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    /// <summary>A stored value not known: equal to no value.</summary>
    private static readonly object Unknown = new();

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

        var (shape, statements, insert) = Statement<T>(db, shape => shape.Insert, cancellationToken);
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

        var (shape, statements, upsert) = Statement<T>(db, shape => shape.UpsertOfOwner ?? throw new InvalidOperationException("The entity has no owning instance."), cancellationToken);
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
    /// The provider values of every column of <paramref name="row"/> as it is now: what <see cref="UpdateChanged"/> compares
    /// a later state of the row (or the row that replaces it) with.
    /// </summary>
    public static object?[] Stored<T>(WorkflowDbContext db, T row)
        where T : class
    {
        var shape = ShapeOf<T>(db);
        var values = new object?[shape.Columns.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Value(shape.Columns[i], row);
        }

        return values;
    }

    /// <summary>
    /// As <see cref="Stored"/>, from the values <paramref name="db"/> loaded <paramref name="row"/> with (its tracked entry's
    /// original values); null when the context does not track it.
    /// </summary>
    public static object?[]? Loaded<T>(WorkflowDbContext db, T row)
        where T : class
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var entry = db.Entry(row);
            if (entry.State is not (EntityState.Unchanged or EntityState.Modified))
            {
                return null;
            }

            var shape = ShapeOf<T>(db);
            var values = new object?[shape.Columns.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var value = entry.OriginalValues[shape.Properties[i]];
                values[i] = value is not null && shape.Columns[i].Converter is { } converter ? converter.ConvertToProvider(value) : value;
            }

            return values;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// The key and concurrency token of <paramref name="row"/> as they are now, every other column unknown: an
    /// <see cref="UpdateChanged"/> from it sets every column, as EF's update of a modified entity does.
    /// </summary>
    public static object?[] KeyOnly<T>(WorkflowDbContext db, T row)
        where T : class
    {
        var values = Stored(db, row);
        var found = ShapeOf<T>(db).Found;
        for (var i = 0; i < values.Length; i++)
        {
            if (Array.IndexOf(found, i) < 0)
            {
                values[i] = Unknown;
            }
        }

        return values;
    }

    /// <summary>
    /// Writes <paramref name="row"/> over the stored row <paramref name="stored"/> (<see cref="Stored"/>, <see cref="Loaded"/>),
    /// found by the stored key and, where the type has one, the stored concurrency token: the SET names only the columns whose
    /// values differ, so SQLite leaves the entries of every index over the others alone (it rewrites an index whose column
    /// the SET names, changed or not; docs/perf.md, rows9 and wrows10). The key may change: a bookmark that replaces
    /// a consumed one of the same instance and hash takes its row. False when no row matched (changed or gone meanwhile).
    /// </summary>
    public static bool UpdateChanged<T>(WorkflowDbContext db, T row, object?[] stored, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shape = ShapeOf<T>(db);
        var values = new object?[shape.Columns.Length];
        var changed = 0L;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Value(shape.Columns[i], row);
            if (!Equals(values[i], stored[i]))
            {
                changed |= 1L << i;
            }
        }

        var statements = SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection());
        var update = statements.For(shape.UpdateOf(changed));
        for (var i = 0; i < values.Length; i++)
        {
            if ((changed & (1L << i)) != 0)
            {
                statements.Bind(update, i + 1, values[i]);
            }
        }

        var next = values.Length + 1;
        foreach (var column in shape.Found)
        {
            statements.Bind(update, next++, stored[column]);
        }

        return statements.Execute(update) == 1;
    }

    /// <summary>
    /// Deletes <paramref name="rows"/> by key, as EF's save does, up to <see cref="DeletedAtOnce"/> in one statement. False
    /// when one was not stored any more (deleted meanwhile).
    /// </summary>
    public static bool Delete<T>(WorkflowDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var shape = ShapeOf<T>(db);
        var key = shape.Columns[shape.Key.Single()];
        var statements = SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection());
        for (var start = 0; start < rows.Count; start += DeletedAtOnce)
        {
            var count = Math.Min(DeletedAtOnce, rows.Count - start);
            var delete = statements.For(shape.DeleteOf(count));
            for (var i = 0; i < count; i++)
            {
                statements.Bind(delete, i + 1, Value(key, rows[start + i]));
            }

            if (statements.Execute(delete) != count)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keys bound in one DELETE: each count up to it is a statement of its own per connection.</summary>
    internal const int DeletedAtOnce = 16;

    private static Shape ShapeOf<T>(WorkflowDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model.");
        return Shapes.GetValue(entity, Shape.Of);
    }

    private static (Shape Shape, SqliteRowStatements Statements, sqlite3_stmt Statement) Statement<T>(
        WorkflowDbContext db, Func<Shape, string> sqlOf, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shape = ShapeOf<T>(db);
        var statements = SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection());
        return (shape, statements, statements.For(sqlOf(shape)));
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
    /// The statements bind <c>?1…</c> in the model's property order; an UPDATE binds the stored key (and concurrency token)
    /// it finds the row by after the last column, a DELETE only keys, from <c>?1</c>.
    /// </summary>
    private sealed class Shape
    {
        private readonly string table;
        private readonly string[] names;
        private readonly ConcurrentDictionary<long, string> updates = new();
        private readonly ConcurrentDictionary<int, string> deletes = new();

        private Shape(string table, string[] names, IReadOnlyList<IProperty> properties, IReadOnlyList<IProperty> key, string insert, string? upsertOfOwner)
        {
            this.table = table;
            this.names = names;
            Properties = [.. properties];
            Columns = [.. properties.Select(p => new Column(p.GetGetter(), p.GetTypeMapping().Converter))];
            Key = [.. key.Select(p => Array.IndexOf(Properties, p))];
            // The revision of an instance; a record's owning instance is a token too, but it is checked by the upsert.
            var token = Array.FindIndex(Properties, p => p.IsConcurrencyToken && p.Name != "WorkflowInstanceId");
            Found = token < 0 ? Key : [.. Key, token];
            Insert = insert;
            UpsertOfOwner = upsertOfOwner;
            if (Properties.Length > 63)
            {
                throw new InvalidOperationException($"{table} has more columns than an update's change mask holds.");
            }
        }

        public IProperty[] Properties { get; }

        public Column[] Columns { get; }

        public int[] Key { get; }

        /// <summary>The columns an UPDATE finds the stored row by: the key, then the concurrency token if any.</summary>
        public int[] Found { get; }

        public string Insert { get; }

        public string? UpsertOfOwner { get; }

        /// <summary>An UPDATE that sets the columns of <paramref name="changed"/> (bit i: property i) and no other.</summary>
        public string UpdateOf(long changed) => updates.GetOrAdd(changed, mask =>
        {
            // Nothing differs (not met: an instance's save bumps its revision, a replacing bookmark has a key of its own):
            // the key set to itself still finds the row, and touches only the key's index.
            var set = mask == 0 ? [Key[0]] : Enumerable.Range(0, names.Length).Where(i => (mask & (1L << i)) != 0);
            var next = names.Length + 1;
            return $"UPDATE \"{table}\" SET {string.Join(", ", set.Select(i => names[i] + " = ?" + (mask == 0 ? names.Length + 1 : i + 1)))} "
                + $"WHERE {string.Join(" AND ", Found.Select(i => names[i] + " = ?" + next++))}";
        });

        /// <summary>A DELETE of <paramref name="count"/> rows by their keys (a single-column key).</summary>
        public string DeleteOf(int count) => deletes.GetOrAdd(count, n =>
            $"DELETE FROM \"{table}\" WHERE {names[Key.Single()]} IN ({string.Join(", ", Enumerable.Range(1, n).Select(i => "?" + i))})");

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
            // An upsert leaves the key and every init-only column (a record's instance, activity and start): they keep the
            // value the row was stored with, and SQLite rewrites each index over a column the SET names (docs/perf.md, rows9).
            var changeable = properties.Where(p => !key.Contains(p) && !IsInitOnly(p)).ToList();
            var owner = properties.SingleOrDefault(p => p.Name == "WorkflowInstanceId");
            var insert = $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({values})";
            var excluded = string.Join(", ", changeable.Select(p => Name(p) + " = excluded." + Name(p)));
            return new Shape(
                table.Name,
                [.. properties.Select(Name)],
                properties,
                key,
                insert,
                owner is null ? null
                    : $"{insert} ON CONFLICT ({string.Join(", ", key.Select(Name))}) DO UPDATE SET {excluded} "
                    + $"WHERE \"{table.Name}\".{Name(owner)} = excluded.{Name(owner)}");
        }

        private static bool IsInitOnly(IProperty property) =>
            property.PropertyInfo?.SetMethod?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true;
    }
}
