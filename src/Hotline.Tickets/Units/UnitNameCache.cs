using System.Collections.Concurrent;
using Hotline.Tickets.Tenants;

namespace Hotline.Tickets.Units;

/// <summary>
/// The names of each tenant's units as last read, per process, for a ticket's view: kept while the tenant row's
/// <see cref="Tenant.RulesStamp"/> is the one they were read under. A rename writes a new stamp with the name
/// (<see cref="Tenant.UnitRenamed"/>), so every node's next view after it reads the names again; an id not kept yet
/// (a new unit) is read when first asked for. Names read under a stamp never serve another stamp.
/// </summary>
public sealed class UnitNameCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>
    /// The names kept for <paramref name="tenant"/>'s current stamp among <paramref name="unitIds"/>, put into
    /// <paramref name="names"/>; answers the ids not kept (empty: all found).
    /// </summary>
    public Guid[] Find(Tenant tenant, Guid[] unitIds, Dictionary<Guid, string> names)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(names);
        if (!entries.TryGetValue(tenant.Id, out var entry) || entry.Stamp != tenant.RulesStamp)
        {
            return unitIds;
        }

        List<Guid>? missing = null;
        foreach (var id in unitIds)
        {
            if (entry.Names.TryGetValue(id, out var name))
            {
                names[id] = name;
            }
            else
            {
                (missing ??= []).Add(id);
            }
        }

        return missing is null ? [] : [.. missing];
    }

    /// <summary>Keeps names read after the request saw <paramref name="tenant"/>'s stamp, for that stamp only.</summary>
    public void Remember(Tenant tenant, IReadOnlyDictionary<Guid, string> read)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(read);
        var entry = entries.AddOrUpdate(
            tenant.Id,
            static (_, stamp) => new Entry(stamp),
            static (_, kept, stamp) => kept.Stamp == stamp ? kept : new Entry(stamp),
            tenant.RulesStamp);
        // The entry of this stamp: one put in by a request that saw another stamp is a new entry, not this one.
        foreach (var (id, name) in read)
        {
            entry.Names[id] = name;
        }
    }

    private sealed record Entry(Guid Stamp)
    {
        public ConcurrentDictionary<Guid, string> Names { get; } = new();
    }
}
