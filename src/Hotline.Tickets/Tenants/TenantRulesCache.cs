using System.Collections.Concurrent;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Tenants;

/// <summary>
/// Each tenant's rules as built last, per process: an action reads the tenant row anyway, and while its
/// <see cref="Tenant.RulesStamp"/> (and policy) are those the rules were built from, the calendar days are not read and
/// the policy and calendar not built again. An edit on any node writes a new stamp with the change, so every node's next
/// action sees it. The rules are immutable and shared between requests.
/// </summary>
public sealed class TenantRulesCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>The rules built for this very state of <paramref name="tenant"/>, or null.</summary>
    public TenantRules? Find(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return entries.TryGetValue(tenant.Id, out var entry) && entry.Matches(tenant) ? entry.Rules : null;
    }

    /// <summary>Remembers the rules built from <paramref name="tenant"/> and <paramref name="calendarDays"/>, and answers them.</summary>
    public TenantRules Remember(Tenant tenant, IEnumerable<TenantCalendarDay> calendarDays)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var rules = tenant.Rules(calendarDays);
        entries[tenant.Id] = new Entry(tenant.RulesStamp, tenant.ProfileCode, tenant.OverridesJson, rules);
        return rules;
    }

    private sealed record Entry(Guid Stamp, string ProfileCode, string? OverridesJson, TenantRules Rules)
    {
        // The policy columns too: a row written around Tenant.ChangePolicy (a script, a restore) still shows.
        public bool Matches(Tenant tenant) =>
            Stamp == tenant.RulesStamp && ProfileCode == tenant.ProfileCode && OverridesJson == tenant.OverridesJson;
    }
}
