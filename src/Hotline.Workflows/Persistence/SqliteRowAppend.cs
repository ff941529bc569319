using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Writes rows of one entity type (journal lines, bookmarks, activity-execution records) on SQLite through one prepared
/// <c>INSERT</c> (or <c>UPDATE</c>) re-executed per row, inside the unit of work's open transaction. EF Core's SQLite
/// provider sends one command per row and SQLite prepares each anew; a multi-row <c>INSERT</c> with hundreds of
/// parameters measured slower still (docs/perf.md). The columns and value converters come from the EF model, so the rows
/// are exactly what <c>SaveChanges</c> would write. The commands are the connection's cached statements
/// (<see cref="SqliteStatementCache"/>), held for the unit of work (<see cref="PreparedRows"/>): each is prepared once per
/// connection, not once per save or unit.
/// </summary>
internal static class SqliteRowAppend
{
    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    /// <summary>Whether <paramref name="db"/> can take rows this way now: SQLite, inside an open transaction.</summary>
    /// <remarks>By the context's type: <c>IsSqlite()</c> compares provider names taken from the assembly's name, parsed
    /// afresh on every call (7 % of a clustered node's CPU per resume on PostgreSQL, docs/perf.md).</remarks>
    public static bool Applies(WorkflowDbContext db) => db is SqliteWorkflowDbContext && db.Database.CurrentTransaction is not null;

    /// <summary>Inserts <paramref name="rows"/> with the unit's prepared command for their type (created on first use).</summary>
    public static async Task InsertAsync<T>(WorkflowDbContext db, PreparedRows prepared, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (shape, insert) = Command<T>(db, prepared, RowWrite.Insert);
        foreach (var row in rows)
        {
            Bind(insert, shape, row);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> or, where the key is stored, updates every column, as EF's save of a modified entity
    /// would, if the stored row is of the same workflow instance; a row that is not stored (an instance imported without it)
    /// is inserted. False when a key is held by another instance (another tenant's included): its row is left as it was,
    /// a conflict for the caller, which rolls the transaction back.
    /// </summary>
    public static async Task<bool> UpsertOfOwnerAsync<T>(WorkflowDbContext db, PreparedRows prepared, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var (shape, upsert) = Command<T>(db, prepared, RowWrite.UpsertOfOwner);
        foreach (var row in rows)
        {
            Bind(upsert, shape, row);
            if (await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
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
    public static async Task<bool> UpdateFromAsync<T>(WorkflowDbContext db, PreparedRows prepared, T row, object original, CancellationToken cancellationToken)
        where T : class
    {
        var (shape, update) = Command<T>(db, prepared, RowWrite.UpdateFrom);
        Bind(update, shape, row);
        update.Parameters[shape.Columns.Length].Value = original;
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes <paramref name="rows"/> by key, as EF's save does. False when one was not stored any more (deleted meanwhile).</summary>
    public static async Task<bool> DeleteAsync<T>(WorkflowDbContext db, PreparedRows prepared, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return true;
        }

        var (shape, delete) = Command<T>(db, prepared, RowWrite.Delete);
        foreach (var row in rows)
        {
            for (var i = 0; i < shape.Key.Length; i++)
            {
                delete.Parameters[i].Value = Value(shape.Columns[shape.Key[i]], row);
            }

            if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        return true;
    }

    private static (Shape Shape, DbCommand Command) Command<T>(WorkflowDbContext db, PreparedRows prepared, RowWrite write)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model.");
        var shape = Shapes.GetValue(entity, Shape.Of);
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        return (shape, prepared.For(entity, write, transaction, () => Create(db, transaction, shape, write)));
    }

    private static void Bind(DbCommand command, Shape shape, object row)
    {
        var parameters = command.Parameters;
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            parameters[i].Value = Value(shape.Columns[i], row);
        }
    }

    private static object Value(Column column, object row)
    {
        var value = column.Getter.GetClrValue(row);
        if (value is not null && column.Converter is not null)
        {
            value = column.Converter.ConvertToProvider(value);
        }

        return value ?? DBNull.Value;
    }

    private static SqliteCommand Create(WorkflowDbContext db, DbTransaction transaction, Shape shape, RowWrite write)
    {
        var (sql, parameters) = write switch
        {
            RowWrite.Insert => (shape.Insert, Enumerable.Range(0, shape.Columns.Length)),
            RowWrite.UpsertOfOwner => (shape.UpsertOfOwner ?? throw new InvalidOperationException("The entity has no owning instance."), Enumerable.Range(0, shape.Columns.Length)),
            // The token's original value binds one parameter past the columns.
            RowWrite.UpdateFrom => (shape.UpdateFrom ?? throw new InvalidOperationException("The entity has no concurrency token."), Enumerable.Range(0, shape.Columns.Length + 1)),
            _ => (shape.Delete, shape.Key.AsEnumerable()),
        };

        // The connection's prepared statement for this text, kept from earlier units (and requests) on it.
        var command = SqliteStatementCache.Of((SqliteConnection)db.Database.GetDbConnection()).Rent(sql, (SqliteTransaction)transaction);
        foreach (var i in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    /// <summary>
    /// The statements bind <c>@p0…</c> in the model's property order (a DELETE only its key's); an UPDATE checked against
    /// the concurrency token binds the token's original value as the parameter after the last column.
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
            string Parameter(IProperty p) => "@p" + properties.IndexOf(p);
            var names = string.Join(", ", properties.Select(Name));
            var values = string.Join(", ", properties.Select(Parameter));
            var set = string.Join(", ", properties.Where(p => !key.Contains(p)).Select(p => Name(p) + " = " + Parameter(p)));
            var where = string.Join(" AND ", key.Select(p => Name(p) + " = " + Parameter(p)));
            // The revision of an instance; a record's owning instance is a token too, but it is checked by the upsert below.
            var token = properties.SingleOrDefault(p => p.IsConcurrencyToken && p.Name != "WorkflowInstanceId");
            var owner = properties.SingleOrDefault(p => p.Name == "WorkflowInstanceId");
            var insert = $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({values})";
            var excluded = string.Join(", ", properties.Where(p => !key.Contains(p)).Select(p => Name(p) + " = excluded." + Name(p)));
            return new Shape(
                insert,
                owner is null ? null
                    : $"{insert} ON CONFLICT ({string.Join(", ", key.Select(Name))}) DO UPDATE SET {excluded} "
                    + $"WHERE \"{table.Name}\".{Name(owner)} = excluded.{Name(owner)}",
                token is null ? null : $"UPDATE \"{table.Name}\" SET {set} WHERE {where} AND {Name(token)} = @p{properties.Count}",
                $"DELETE FROM \"{table.Name}\" WHERE {where}",
                [.. properties.Select(p => new Column(p.GetGetter(), p.GetTypeMapping().Converter))],
                [.. key.Select(p => properties.IndexOf(p))]);
        }
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
