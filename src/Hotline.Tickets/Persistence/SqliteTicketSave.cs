using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// A unit's last save of the ticket aggregate on SQLite without EF Core's save pipeline (docs/perf.md, save10). The save
/// runs under the database's one write lock, where EF's command building, ordering and data readers cost more than
/// SQLite's own work for the two to eight rows an action writes. The rows the change tracker holds as added or modified
/// (the ticket's changed columns with its revision check, its new events, clocks and assignments, a dispatch's notices, a
/// registration's ticket and caller) go through the connection's own prepared statements, bound by position
/// (<see cref="SqliteRowStatements"/>, shared with the workflow rows), inside the unit's open transaction. Tables,
/// columns, value converters, keys and concurrency tokens come from the EF model, so a row is what <c>SaveChanges</c>
/// would write; an entity type or change these statements do not write (a deletion, a value generated other than a
/// rowid key, a table shared or split, a provider type <see cref="SqliteRowStatements"/> does not bind) leaves the whole
/// save to EF. As EF's save, an update that matches no row throws <see cref="DbUpdateConcurrencyException"/> and a row
/// SQLite refuses <see cref="DbUpdateException"/>; the caller's unit then rolls back whole, so no savepoint is taken.
/// </summary>
internal static class SqliteTicketSave
{
    private static readonly ConditionalWeakTable<IEntityType, RowShape> Shapes = [];

    /// <summary>
    /// Writes every entry of <paramref name="pending"/> (all the context's added, modified and deleted entries) and accepts
    /// the context's changes, as a successful <c>SaveChanges</c> does. False, with nothing written, when one of them is not
    /// of a kind these statements write.
    /// </summary>
    public static bool TryWrite(DbContext db, IReadOnlyList<EntityEntry> pending)
    {
        var rows = new Row[pending.Count];
        var lastRank = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var entry = pending[i];
            var shape = Shapes.GetValue(entry.Metadata, RowShape.Of);
            if (shape.Plan(entry) is not { } row)
            {
                return false;
            }

            rows[i] = row;
            lastRank = Math.Max(lastRank, shape.Rank);
        }

        var statements = SqliteRowStatements.Of((SqliteConnection)db.Database.GetDbConnection());
        // Principals first (a new ticket's row before its caller, events and clocks: SQLite enforces the foreign keys), in
        // the tracker's order within a rank.
        for (var rank = 0; rank <= lastRank; rank++)
        {
            foreach (var row in rows)
            {
                if (row.Shape.Rank == rank)
                {
                    row.Write(statements);
                }
            }
        }

        db.ChangeTracker.AcceptAllChanges();
        return true;
    }

    /// <summary>One pending entry and what its statement needs: the modified columns of an update, its tokens' original values.</summary>
    private readonly record struct Row(EntityEntry Entry, RowShape Shape, ulong Modified, object?[]? Originals)
    {
        public void Write(SqliteRowStatements statements)
        {
            int changed;
            try
            {
                changed = Entry.State == EntityState.Added ? Shape.Insert(statements, Entry) : Shape.Update(statements, Entry, Modified, Originals!);
            }
            catch (SqliteException e)
            {
                throw new DbUpdateException($"SQLite refused a {Entry.Metadata.DisplayName()} row: {e.Message}", e, [Entry]);
            }

            if (changed != 1)
            {
                // Without the entry: its constructor takes EF's internal entries only; no caller reads them.
                throw new DbUpdateConcurrencyException(
                    $"The {Entry.Metadata.DisplayName()} row was expected to change 1 row but changed {changed}: it was changed or removed since it was read.");
            }
        }
    }

    /// <summary>
    /// An entity type's table and columns in the model's property order; its INSERT, and an UPDATE per set of modified
    /// columns (an update names only those, as EF's does: each column named rewrites the indexes over it, and the ticket's
    /// full-text triggers fire on an update of its content).
    /// </summary>
    private sealed class RowShape
    {
        private readonly IProperty[] properties;
        private readonly ValueConverter?[] converters;
        private readonly string[] names;
        private readonly string table;
        private readonly int[] key;
        private readonly int[] tokens;
        private readonly int generatedKey;
        private readonly string insert;
        private readonly ConcurrentDictionary<ulong, string> updates = new();

        private RowShape(IEntityType entity, string table, IProperty[] properties, int generatedKey, bool writable)
        {
            this.table = table;
            this.properties = properties;
            this.generatedKey = generatedKey;
            Rank = writable ? Depth(entity, []) : -1;
            Writable = Rank >= 0;
            if (!Writable)
            {
                // Never written: no SQL to build (the type may have no table or key).
                names = [];
                converters = [];
                key = tokens = [];
                insert = "";
                return;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            names = [.. properties.Select(p => "\"" + p.GetColumnName(store) + "\"")];
            converters = [.. properties.Select(p => p.GetTypeMapping().Converter)];
            key = [.. entity.FindPrimaryKey()!.Properties.Select(p => Array.IndexOf(properties, p))];
            tokens = [.. Enumerable.Range(0, properties.Length).Where(i => properties[i].IsConcurrencyToken)];
            var inserted = Enumerable.Range(0, properties.Length).Where(i => i != generatedKey).ToList();
            insert = $"INSERT INTO \"{table}\" ({string.Join(", ", inserted.Select(i => names[i]))}) "
                + $"VALUES ({string.Join(", ", inserted.Select((_, n) => "?" + (n + 1)))})";
        }

        /// <summary>Whether these statements write the type's rows at all (see <see cref="Of"/>).</summary>
        private bool Writable { get; }

        /// <summary>How many foreign keys lead from this type to a root type: rows are written in this order.</summary>
        public int Rank { get; }

        public static RowShape Of(IEntityType entity)
        {
            var table = entity.GetTableName() ?? "";
            var properties = entity.GetProperties().ToArray();
            var keys = entity.FindPrimaryKey()?.Properties ?? [];
            // A database-generated integer key is a rowid SQLite hands back (a ticket event's id); any other generated value
            // would have to be read back as EF does.
            var generated = properties.Where(p => p.ValueGenerated != ValueGenerated.Never).ToList();
            var generatedKey = generated is [{ } rowid] && keys is [{ } only] && only == rowid
                && (rowid.ClrType == typeof(long) || rowid.ClrType == typeof(int)) && rowid.GetTypeMapping().Converter is null
                ? Array.IndexOf(properties, rowid) : -1;
            var mappings = entity.GetTableMappings().ToList();
            var writable = table.Length > 0 && keys.Count > 0 && properties.Length <= 64
                && (generated.Count == 0 || generatedKey >= 0)
                && !entity.IsMappedToJson() && !entity.GetMappingFragments().Any()
                && mappings is [{ } mapping] && mapping.Table.EntityTypeMappings.Count() == 1
                && properties.All(p => SqliteRowStatements.Binds(ProviderType(p)));
            return new RowShape(entity, table, properties, generatedKey, writable);
        }

        /// <summary>The row to write for <paramref name="entry"/>; null when these statements do not write it.</summary>
        public Row? Plan(EntityEntry entry)
        {
            if (!Writable)
            {
                return null;
            }

            if (entry.State == EntityState.Added)
            {
                // A key the application set on a generated property is inserted by EF as given: left to it.
                return generatedKey < 0 || entry.Property(properties[generatedKey]).IsTemporary ? new Row(entry, this, 0, null) : null;
            }

            if (entry.State != EntityState.Modified)
            {
                return null;
            }

            var modified = 0UL;
            for (var i = 0; i < properties.Length; i++)
            {
                if (entry.Property(properties[i]).IsModified)
                {
                    modified |= 1UL << i;
                }
            }

            var originals = new object?[tokens.Length];
            if (tokens.Length > 0)
            {
                var values = entry.OriginalValues;
                for (var t = 0; t < tokens.Length; t++)
                {
                    originals[t] = values[properties[tokens[t]]];
                }
            }

            // Nothing to set, or a token compared with NULL (EF writes IS NULL): left to EF.
            return modified == 0 || Array.IndexOf(originals, null) >= 0 ? null : new Row(entry, this, modified, originals);
        }

        public int Insert(SqliteRowStatements statements, EntityEntry entry)
        {
            var statement = statements.For(insert);
            var values = entry.CurrentValues;
            var parameter = 1;
            for (var i = 0; i < properties.Length; i++)
            {
                if (i != generatedKey)
                {
                    statements.Bind(statement, parameter++, Provider(i, values[properties[i]]));
                }
            }

            var changed = statements.Execute(statement);
            if (generatedKey >= 0)
            {
                var id = entry.Property(properties[generatedKey]);
                id.CurrentValue = Convert.ChangeType(statements.LastInsertRowId(), properties[generatedKey].ClrType, System.Globalization.CultureInfo.InvariantCulture);
                id.IsTemporary = false;
            }

            return changed;
        }

        public int Update(SqliteRowStatements statements, EntityEntry entry, ulong modified, object?[] originals)
        {
            var statement = statements.For(updates.GetOrAdd(modified, UpdateSql));
            var values = entry.CurrentValues;
            var parameter = 1;
            for (var i = 0; i < properties.Length; i++)
            {
                if ((modified & (1UL << i)) != 0)
                {
                    statements.Bind(statement, parameter++, Provider(i, values[properties[i]]));
                }
            }

            foreach (var i in key)
            {
                statements.Bind(statement, parameter++, Provider(i, values[properties[i]]));
            }

            for (var t = 0; t < tokens.Length; t++)
            {
                statements.Bind(statement, parameter++, Provider(tokens[t], originals[t]));
            }

            return statements.Execute(statement);
        }

        /// <summary><c>UPDATE … SET</c> the modified columns <c>WHERE</c> the key and every concurrency token's original value.</summary>
        private string UpdateSql(ulong modified)
        {
            var set = Enumerable.Range(0, properties.Length).Where(i => (modified & (1UL << i)) != 0).ToList();
            var conditions = key.Concat(tokens).ToList();
            return $"UPDATE \"{table}\" SET {string.Join(", ", set.Select((i, n) => names[i] + " = ?" + (n + 1)))} "
                + $"WHERE {string.Join(" AND ", conditions.Select((i, n) => names[i] + " = ?" + (set.Count + n + 1)))}";
        }

        private object? Provider(int column, object? value) =>
            value is not null && converters[column] is { } converter ? converter.ConvertToProvider(value) : value;

        private static Type ProviderType(IProperty property)
        {
            var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
            return Nullable.GetUnderlyingType(type) ?? type;
        }

        /// <summary>The longest chain of foreign keys from <paramref name="entity"/> to a type without any; -1 on a cycle, which no order satisfies.</summary>
        private static int Depth(IEntityType entity, HashSet<IEntityType> path)
        {
            if (!path.Add(entity))
            {
                return -1;
            }

            var depth = 0;
            foreach (var principal in entity.GetForeignKeys().Select(f => f.PrincipalEntityType).Where(p => p != entity))
            {
                var above = Depth(principal, path);
                depth = above < 0 || depth < 0 ? -1 : Math.Max(depth, above + 1);
            }

            path.Remove(entity);
            return depth;
        }
    }
}
