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
/// The saves of a unit of work on PostgreSQL written together in one round trip: a claimed timer batch's or a
/// registration's (<see cref="Add"/>), or a ticket action's run before the lock (<see cref="Merge"/>). One statement
/// per table, each row's values passed as column arrays (<c>unnest</c>). EF's <c>SaveChanges</c> of the same rows spent most of a
/// clustered node's CPU per timer on change detection, command batching and one named parameter per value
/// (docs/perf.md, timers2), and a round trip per save plus two for its savepoint (pgsave). The columns and value
/// converters come from the EF model, so the rows are exactly what <c>SaveChanges</c> would write, with its checks: an
/// instance is updated only at the revision it was read at and a consumed bookmark must still be there; anything less is
/// a conflict and nothing of the batch stands. An activity record taken for stored is updated, or inserted if it is not
/// (an instance imported without its records), as <c>SaveChanges</c>' retry did after rolling back to its savepoint.
/// </summary>
internal sealed class PostgresRowBatch
{
    private static readonly ConditionalWeakTable<IEntityType, Shape> Shapes = [];

    private readonly List<WorkflowInstance> instances = [];
    private readonly List<WorkflowInstance> newInstances = [];
    private readonly List<long> loadedRevisions = [];
    private readonly List<string> consumed = [];
    private readonly List<Bookmark> bookmarks = [];
    private readonly List<WorkflowExecutionLogRecord> journal = [];
    private readonly List<ActivityExecutionRecord> newRecords = [];
    private readonly List<ActivityExecutionRecord> earlierRecords = [];

    /// <summary>The instances whose saves wait here.</summary>
    public HashSet<string> InstanceIds { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Keeps one save: the instance (written over <paramref name="loadedRevision"/>, or inserted when it is null: a start),
    /// its consumed bookmarks, its new rows.
    /// </summary>
    public void Add(
        WorkflowInstance instance,
        long? loadedRevision,
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

        if (loadedRevision is { } loaded)
        {
            instances.Add(instance);
            loadedRevisions.Add(loaded);
        }
        else
        {
            newInstances.Add(instance);
        }

        consumed.AddRange(removed.Select(x => x.Id));
        bookmarks.AddRange(created);
        journal.AddRange(lines);
        earlierRecords.AddRange(earlier);
        newRecords.AddRange(added);
    }

    /// <summary>
    /// Keeps one save of a deferred run, written under the lock: unlike a timer batch's, an instance may be saved several
    /// times (resumed twice, started then resumed). Its first save decides how the instance is written (<paramref
    /// name="insert"/>, or over <paramref name="loadedRevision"/>; neither for a later save): the object is the one the
    /// unit's last run left, so it is written once, as that run left it. A bookmark created and consumed in the unit is
    /// never written, and a record saved again replaces its earlier row.
    /// </summary>
    public void Merge(
        WorkflowInstance instance,
        bool insert,
        long? loadedRevision,
        IEnumerable<Bookmark> removed,
        IEnumerable<Bookmark> created,
        IEnumerable<WorkflowExecutionLogRecord> lines,
        IEnumerable<ActivityExecutionRecord> earlier,
        IEnumerable<ActivityExecutionRecord> added)
    {
        InstanceIds.Add(instance.Id);
        if (insert)
        {
            newInstances.Add(instance);
        }
        else if (loadedRevision is { } loaded)
        {
            instances.Add(instance);
            loadedRevisions.Add(loaded);
        }

        foreach (var bookmark in removed)
        {
            // Deletes run before inserts in the batch: one created by an earlier save of the unit is simply not inserted.
            if (bookmarks.RemoveAll(x => x.Id == bookmark.Id) == 0)
            {
                consumed.Add(bookmark.Id);
            }
        }

        bookmarks.AddRange(created);
        journal.AddRange(lines);
        foreach (var record in earlier)
        {
            Keep(record, earlierRecords);
        }

        foreach (var record in added)
        {
            Keep(record, newRecords);
        }
    }

    /// <summary>A record already kept (inserted by an earlier save of the unit, or updated) is replaced where it is.</summary>
    private void Keep(ActivityExecutionRecord record, List<ActivityExecutionRecord> into)
    {
        if (!Replace(newRecords, record) && !Replace(earlierRecords, record))
        {
            into.Add(record);
        }
    }

    private static bool Replace(List<ActivityExecutionRecord> records, ActivityExecutionRecord record)
    {
        var at = records.FindIndex(x => x.Id == record.Id);
        if (at >= 0)
        {
            records[at] = record;
        }

        return at >= 0;
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

            var records = Shape.For<ActivityExecutionRecord>(db);
            expected.Add(Add(batch, Shape.For<WorkflowInstance>(db), instances, Shape.UpdateAtToken, loadedRevisions));
            expected.Add(Add(batch, Shape.For<WorkflowInstance>(db), newInstances, Shape.Insert));
            expected.Add(Add(batch, Shape.For<Bookmark>(db), bookmarks, Shape.Insert));
            expected.Add(Add(batch, Shape.For<WorkflowExecutionLogRecord>(db), journal, Shape.Insert));
            expected.Add(Add(batch, records, earlierRecords, Shape.UpsertOfOwner));
            expected.Add(Add(batch, records, newRecords, Shape.Insert));
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
        newInstances.Clear();
        loadedRevisions.Clear();
        consumed.Clear();
        bookmarks.Clear();
        journal.Clear();
        newRecords.Clear();
        earlierRecords.Clear();
    }

    /// <summary>Adds the statement for <paramref name="rows"/>; returns the rows it must affect, or -1 when there are none.</summary>
    private static int Add<T>(NpgsqlBatch batch, Shape shape, List<T> rows, Func<Shape, string> statement, List<long>? condition = null)
        where T : class
    {
        if (rows.Count == 0)
        {
            return -1;
        }

        var command = new NpgsqlBatchCommand(statement(shape));
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
        private readonly string? atToken;
        private readonly string insert;
        private readonly string? upsertOfOwner;

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
            // The revision of an instance; a record's owning instance is a token too, but the upsert of its owner checks it.
            token = properties.Where(p => p.IsConcurrencyToken && p.Name != "WorkflowInstanceId").Select(p => "\"" + p.GetColumnName(store) + "\"").SingleOrDefault();
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
            insert = $"INSERT INTO {table} ({string.Join(", ", names)}) SELECT {columns} FROM unnest({arrays}) AS v({columns})";
            var owner = entity.FindProperty("WorkflowInstanceId")?.GetColumnName(store);
            upsertOfOwner = owner is null ? null
                : $"INSERT INTO {table} AS t ({string.Join(", ", names)}) SELECT {columns} FROM unnest({arrays}) AS v({columns}) "
                + $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET "
                + string.Join(", ", names.Where(n => !keys.Contains(n)).Select(n => $"{n} = EXCLUDED.{n}"))
                + $" WHERE t.\"{owner}\" = EXCLUDED.\"{owner}\"";
            atToken = token is null ? null : UpdateAtTokenText();
        }

        public Column[] Columns { get; }

        /// <summary>The rows inserted.</summary>
        public static string Insert(Shape shape) => shape.insert;

        /// <summary>
        /// The rows inserted, or where the key is stored, updated (every column) if the stored row is of the same workflow
        /// instance: a row of another instance (or tenant) with that key is left alone and counted short, a conflict.
        /// </summary>
        public static string UpsertOfOwner(Shape shape) => shape.upsertOfOwner ?? throw new InvalidOperationException($"{shape.table} has no owning instance.");

        public static Shape For<T>(WorkflowDbContext db) =>
            Shapes.GetValue(db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the workflow model."), e => new Shape(e));

        /// <summary>Every column but the key, by key, only where the concurrency token is still the one read (<c>$n+1</c>).</summary>
        public static string UpdateAtToken(Shape shape) =>
            shape.atToken ?? throw new InvalidOperationException($"{shape.table} has no concurrency token.");

        private string UpdateAtTokenText()
        {
            var columns = string.Join(", ", names.Select((_, i) => "c" + i).Append("read"));
            var arrays = string.Join(", ", names.Select((_, i) => "$" + (i + 1)).Append("$" + (names.Count + 1)));
            var set = string.Join(", ", names.Select((n, i) => (n, i)).Where(x => !keys.Contains(x.n)).Select(x => $"{x.n} = v.c{x.i}"));
            var where = string.Join(" AND ", keys.Select(k => $"t.{k} = v.c{names.IndexOf(k)}"));
            return $"UPDATE {table} AS t SET {set} FROM unnest({arrays}) AS v({columns}) WHERE {where} AND t.{token} = v.read";
        }
    }
}
