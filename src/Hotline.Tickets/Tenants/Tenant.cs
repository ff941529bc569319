using Hotline.Tickets.Calendar;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Tenants;

/// <summary>
/// A tenant (租户): one county or district hotline centre, e.g. <c>hsb</c> for 红寺堡区分中心. It selects a policy
/// profile and may override single values with a JSON merge patch; its calendar additions are
/// <see cref="TenantCalendarDay"/> rows.
/// </summary>
public sealed class Tenant
{
    private Tenant()
    {
    }

    public Tenant(string id, string name, string profileCode, string? overridesJson = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException("A tenant id is lower-case letters, digits and '-', e.g. 'hsb'.", nameof(id));
        }

        Id = id;
        Name = name;
        ChangePolicy(profileCode, overridesJson);
    }

    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string ProfileCode { get; private set; } = "";
    public string? OverridesJson { get; private set; }

    /// <summary>
    /// Changes whenever the tenant's rules do (policy or calendar days) or one of its units is renamed, so a node's cached
    /// rules and unit names are known stale by reading this one column with the tenant. A fresh value per edit, not a counter: two edits on two nodes at once
    /// must not both write the same next number.
    /// </summary>
    public Guid RulesStamp { get; private set; }

    /// <summary>The prefix of the tenant's ticket numbers (<c>HSB-20260105-0001</c>).</summary>
    public string NumberPrefix => Id.ToUpperInvariant();

    /// <summary>Selects a profile and overrides; refused (nothing changes) when they do not make a valid policy.</summary>
    public void ChangePolicy(string profileCode, string? overridesJson, PolicyCatalog? catalog = null)
    {
        _ = (catalog ?? PolicyCatalog.BuiltIn).Effective(profileCode, overridesJson); // validates
        ProfileCode = profileCode;
        OverridesJson = string.IsNullOrWhiteSpace(overridesJson) ? null : overridesJson;
        RulesStamp = Guid.NewGuid();
    }

    /// <summary>One of the tenant's calendar days was added, changed or removed in the same save.</summary>
    public void CalendarChanged() => RulesStamp = Guid.NewGuid();

    /// <summary>One of the tenant's units was renamed in the same save: every node's kept names are stale.</summary>
    public void UnitRenamed() => RulesStamp = Guid.NewGuid();

    public EffectivePolicy EffectivePolicy(PolicyCatalog? catalog = null) =>
        (catalog ?? PolicyCatalog.BuiltIn).Effective(ProfileCode, OverridesJson);

    /// <summary>The tenant's rules: effective policy and the national calendar with the tenant's own days.</summary>
    public TenantRules Rules(IEnumerable<TenantCalendarDay> calendarDays, PolicyCatalog? catalog = null) =>
        new(EffectivePolicy(catalog).Policy, WorkingDayCalendar.China.With(calendarDays.Where(d => d.TenantId == Id).Select(d => d.ToCalendarDay())));
}
