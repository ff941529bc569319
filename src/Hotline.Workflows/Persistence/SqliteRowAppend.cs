using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Inserts new rows of one entity type (journal lines, bookmarks) on SQLite through one prepared <c>INSERT</c>
/// re-executed per row, inside the unit of work's open transaction. EF Core's SQLite provider sends one command per
/// row and SQLite prepares each anew; a multi-row <c>INSERT</c> with hundreds of parameters measured slower still
/// (docs/perf.md). The columns and value converters come from the EF model, so the rows are exactly what
/// <c>SaveChanges</c> would write. The commands live as long as the unit of work (<see cref="PreparedInserts"/>), so each
/// is prepared once per unit, not once per save.
/// </summary>
internal static class SqliteRowAppend
{
    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    /// <summary>Whether <paramref name="db"/> can take rows this way now: SQLite, inside an open transaction.</summary>
    public static bool Applies(WorkflowDbContext db) => db.Database.IsSqlite() && db.Database.CurrentTransaction is not null;

    /// <summary>Inserts <paramref name="rows"/> with the unit's prepared command for their type (created on first use).</summary>
    public static async Task InsertAsync<T>(WorkflowDbContext db, PreparedInserts prepared, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model.");
        var shape = Shapes.GetValue(entity, Shape.Of);
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var command = prepared.For(entity, transaction, () => Create(db, transaction, shape));
        var parameters = command.Parameters;
        foreach (var row in rows)
        {
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

            // Prepared on the unit's first row, re-bound and re-run for every later one.
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static DbCommand Create(WorkflowDbContext db, DbTransaction transaction, Shape shape)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = shape.Sql;
        for (var i = 0; i < shape.Columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    private sealed record Shape(string Sql, Column[] Columns)
    {
        public static Shape Of(IEntityType entity)
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            if (properties.Exists(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never))
            {
                throw new InvalidOperationException($"{entity.DisplayName()} has shadow or generated columns; insert it through SaveChanges.");
            }

            var names = string.Join(", ", properties.Select(p => "\"" + p.GetColumnName(table) + "\""));
            var values = string.Join(", ", properties.Select((_, i) => "@p" + i));
            return new Shape(
                $"INSERT INTO \"{table.Name}\" ({names}) VALUES ({values})",
                [.. properties.Select(p => new Column(p.GetGetter(), p.GetTypeMapping().Converter))]);
        }
    }
}
