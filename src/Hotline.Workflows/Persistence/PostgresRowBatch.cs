using System.Runtime.CompilerServices;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The saves of a claimed timer batch on PostgreSQL, written together in one round trip: one statement per table, each
/// row's values passed as column arrays (<c>unnest</c>). EF's <c>SaveChanges</c> of the same rows spent most of a
/// clustered node's CPU per timer on change detection, command batching and one named parameter per value
/// (docs/perf.md, timers2). The columns and value converters come from the EF model, so the rows are exactly what
/// <c>SaveChanges</c> would write, with its checks: an instance is updated only at the revision it was read at, a
/// consumed bookmark must still be there, an activity record taken for stored must be; anything less is a conflict and
/// nothing of the batch stands.
/// </summary>
internal sealed class PostgresRowBatch
{
    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    private readonly List<WorkflowInstance> instances = [];
    private readonly List<long> loadedRevisions = [];
    private readonly List<string> consumed = [];
    private readonly List<Bookmark> bookmarks = [];
    private readonly List<WorkflowExecutionLogRecord> journal = [];
    private readonly List<ActivityExecutionRecord> newRecords = [];
    private readonly List<ActivityExecutionRecord> earlierRecords = [];

    /// <summary>The instances whose saves wait here.</summary>
    public HashSet<string> InstanceIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Keeps one save: the instance (written over <paramref name="loadedRevision"/>), its consumed bookmarks, its new rows.</summary>
    public void Add(
        WorkflowInstance instance,
        long loadedRevision,
        IEnumerable<Bookmark> removed,
        IEnumerable<Bookmark> created,
        IEnumerable<WorkflowExecutionLogRecord> lines,
        IEnumerable<ActivityExecutionRecord> earlier,
        IEnumerable<ActivityExecutionRecord> added)
    {
        if (!InstanceIds.Add(instance.Id))
        {
            throw new InvalidOperationException($"Instance '{instance.Id}' already has a save in the batch; write it first.");
        }

        instances.Add(instance);
        loadedRevisions.Add(loadedRevision);
        consumed.AddRange(removed.Select(x => x.Id));
        bookmarks.AddRange(created);
        journal.AddRange(lines);
        earlierRecords.AddRange(earlier);
        newRecords.AddRange(added);
    }

    /// <summary>
    /// Writes the kept saves in the context's open transaction, one round trip. The unit of work forgets them after
    /// (<see cref="Clear"/>), written or not.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">A row was not as the batch read it; the caller rolls back.</exception>
    public async Task WriteAsync(WorkflowDbContext db, CancellationToken cancellationToken)
    {
        if (InstanceIds.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        await using (batch.ConfigureAwait(false))
        {
            // Deletes first: a consumed bookmark goes before its successor arrives, as SaveChanges orders them.
            var expected = new List<int>();
            if (consumed.Count > 0)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM \"Bookmarks\" WHERE \"Id\" = ANY($1)")
                {
                    Parameters = { new NpgsqlParameter { Value = consumed.ToArray() } },
                });
                expected.Add(consumed.Count);
            }

            expected.Add(Add(batch, Shape.For<WorkflowInstance>(db), instances, update: true, loadedRevisions));
            expected.Add(Add(batch, Shape.For<Bookmark>(db), bookmarks, update: false));
            expected.Add(Add(batch, Shape.For<WorkflowExecutionLogRecord>(db), journal, update: false));
            expected.Add(Add(batch, Shape.For<ActivityExecutionRecord>(db), earlierRecords, update: true));
            expected.Add(Add(batch, Shape.For<ActivityExecutionRecord>(db), newRecords, update: false));
            expected.RemoveAll(x => x < 0);

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < expected.Count; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected != expected[i])
                {
                    throw new DbUpdateConcurrencyException(
                        $"A batched write ({batch.BatchCommands[i].CommandText[..Math.Min(40, batch.BatchCommands[i].CommandText.Length)]}…) affected {batch.BatchCommands[i].RecordsAffected} rows, expected {expected[i]}.");
                }
            }
        }
    }

    /// <summary>Forgets the kept saves (written, or rolled back with the transaction).</summary>
    public void Clear()
    {
        InstanceIds.Clear();
        instances.Clear();
        loadedRevisions.Clear();
        consumed.Clear();
        bookmarks.Clear();
        journal.Clear();
        newRecords.Clear();
        earlierRecords.Clear();
    }

    /// <summary>Adds the statement for <paramref name="rows"/>; returns the rows it must affect, or -1 when there are none.</summary>
    private static int Add<T>(NpgsqlBatch batch, Shape shape, List<T> rows, bool update, List<long>? condition = null)
        where T : class
    {
        if (rows.Count == 0)
        {
            return -1;
        }

        var command = new NpgsqlBatchCommand(update ? shape.Update(condition is not null) : shape.Insert);
        foreach (var column in shape.Columns)
        {
            var values = Array.CreateInstance(column.ArrayElement, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var value = column.Getter.GetClrValue(rows[i]);
                values.SetValue(value is not null && column.Converter is not null ? column.Converter.ConvertToProvider(value) : value, i);
            }

            command.Parameters.Add(new NpgsqlParameter { Value = values });
        }

        if (condition is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = condition.ToArray() });
        }

        batch.BatchCommands.Add(command);
        return rows.Count;
    }

    private sealed record Column(IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, Type ArrayElement);

    /// <summary>
    /// A table's statements over column arrays <c>$1…$n</c> in the model's property order; an instance's update also takes
    /// the revisions read (<c>$n+1</c>), its concurrency token.
    /// </summary>
    private sealed class Shape
    {
        private readonly string table;
        private readonly List<string> names;
        private readonly List<string> keys;
        private readonly string? token;
        private readonly string byKey;
        private readonly string? atToken;

        private Shape(IEntityType entity)
        {
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().ToList();
            if (properties.Exists(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never))
            {
                throw new InvalidOperationException($"{entity.DisplayName()} has shadow or generated columns; write it through SaveChanges.");
            }

            table = "\"" + store.Name + "\"";
            names = [.. properties.Select(p => "\"" + p.GetColumnName(store) + "\"")];
            var key = entity.FindPrimaryKey()!.Properties;
            keys = [.. key.Select(p => "\"" + p.GetColumnName(store) + "\"")];
            token = properties.Where(p => p.IsConcurrencyToken).Select(p => "\"" + p.GetColumnName(store) + "\"").SingleOrDefault();
            Columns = [.. properties.Select(p =>
            {
                var converter = p.GetTypeMapping().Converter;
                var provider = converter?.ProviderClrType ?? p.ClrType;
                provider = Nullable.GetUnderlyingType(provider) ?? provider;
                // Value types as nullable arrays, so one shape serves nullable and required columns alike.
                return new Column(p.GetGetter(), converter, provider.IsValueType ? typeof(Nullable<>).MakeGenericType(provider) : provider);
            })];
            var columns = string.Join(", ", names.Select((_, i) => "c" + i));
            var arrays = string.Join(", ", names.Select((_, i) => "$" + (i + 1)));
            Insert = $"INSERT INTO {table} ({string.Join(", ", names)}) SELECT {columns} FROM unnest({arrays}) AS v({columns})";
            byKey = UpdateText(checkToken: false);
            atToken = token is null ? null : UpdateText(checkToken: true);
        }

        public Column[] Columns { get; }

        public string Insert { get; }

        public static Shape For<T>(WorkflowDbContext db) =>
            Shapes.GetValue(db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model."), e => new Shape(e));

        /// <summary>Every column but the key, by key; with <paramref name="checkToken"/>, only where the token is still the one read.</summary>
        public string Update(bool checkToken) =>
            checkToken ? atToken ?? throw new InvalidOperationException($"{table} has no concurrency token.") : byKey;

        private string UpdateText(bool checkToken)
        {
            var columns = names.Select((_, i) => "c" + i).ToList();
            var arrays = names.Select((_, i) => "$" + (i + 1)).ToList();
            if (checkToken)
            {
                columns.Add("read");
                arrays.Add("$" + (names.Count + 1));
            }

            var set = string.Join(", ", names.Select((n, i) => (n, i)).Where(x => !keys.Contains(x.n)).Select(x => $"{x.n} = v.c{x.i}"));
            var where = string.Join(" AND ", keys.Select(k => $"t.{k} = v.c{names.IndexOf(k)}"));
            if (checkToken)
            {
                where += $" AND t.{token} = v.read";
            }

            return $"UPDATE {table} AS t SET {set} FROM unnest({string.Join(", ", arrays)}) AS v({string.Join(", ", columns)}) WHERE {where}";
        }
    }
}
