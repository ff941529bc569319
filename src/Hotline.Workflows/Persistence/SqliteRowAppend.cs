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

        var (shape, insert) = Command<T>(db, prepared, update: false);
        foreach (var row in rows)
        {
            Bind(insert, shape, row);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Updates <paramref name="rows"/> by key, every column, as EF's save of a modified entity would; a row that is not
    /// stored (an instance imported without it) is inserted instead.
    /// </summary>
    public static async Task UpdateOrInsertAsync<T>(WorkflowDbContext db, PreparedRows prepared, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var (shape, update) = Command<T>(db, prepared, update: true);
        foreach (var row in rows)
        {
            Bind(update, shape, row);
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                await InsertAsync(db, prepared, [row], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static (Shape Shape, DbCommand Command) Command<T>(WorkflowDbContext db, PreparedRows prepared, bool update)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model.");
        var shape = Shapes.GetValue(entity, Shape.Of);
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        return (shape, prepared.For(entity, update, transaction, () => Create(db, transaction, shape, update ? shape.Update : shape.Insert)));
    }

    private static void Bind(DbCommand command, Shape shape, object row)
    {
        var parameters = command.Parameters;
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var column = shape.Columns[i];
            var value = column.Getter.GetClrValue(row);
            if (value is not null && column.Converter is not null)
            {
                value = column.Converter.ConvertToProvider(value);
            }

            parameters[i].Value = value ?? DBNull.Value;
        }
    }

    private static SqliteCommand Create(WorkflowDbContext db, DbTransaction transaction, Shape shape, string sql)
    {
        // The connection's prepared statement for this text, kept from earlier units (and requests) on it.
        var command = SqliteStatementCache.Of((SqliteConnection)db.Database.GetDbConnection()).Rent(sql, (SqliteTransaction)transaction);
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    /// <summary>Both statements bind the same parameters, <c>@p0…</c> in the model's property order.</summary>
    private sealed record Shape(string Insert, string Update, Column[] Columns)
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
            return new Shape(
                $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({values})",
                $"UPDATE \"{table.Name}\" SET {set} WHERE {where}",
                [.. properties.Select(p => new Column(p.GetGetter(), p.GetTypeMapping().Converter))]);
        }
    }
}
