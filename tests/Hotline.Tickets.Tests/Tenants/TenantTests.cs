using Hotline.Tickets.Calendar;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tenants;

namespace Hotline.Tickets.Tests.Tenants;

/// <summary>A tenant selects a profile, overrides values and adds calendar days.</summary>
public sealed class TenantTests
{
    [Fact]
    public void A_tenant_with_invalid_overrides_is_refused_and_keeps_its_policy()
    {
        var tenant = new Tenant("hsb", "红寺堡区分中心", "HSB");
        Assert.Throws<InvalidPolicyException>(() => tenant.ChangePolicy("HSB", """{ "extensions": { "maxEach": "soon" } }"""));
        Assert.Throws<InvalidPolicyException>(() => tenant.ChangePolicy("ZZ", null));
        Assert.Equal(("HSB", null), (tenant.ProfileCode, tenant.OverridesJson));
    }

    [Fact]
    public void Tenant_ids_are_lower_case_codes()
    {
        Assert.Throws<ArgumentException>(() => new Tenant("HSB", "x", "HSB"));
        Assert.Equal("QU", new Tenant("qu", "渠县", "QU").NumberPrefix);
    }

    [Fact]
    public void A_tenants_local_holiday_moves_its_working_day_deadlines()
    {
        var tenant = new Tenant("hsb", "红寺堡区分中心", "HSB");
        var holiday = new TenantCalendarDay("hsb", new DateOnly(2025, 9, 29), CalendarDayKind.LocalHoliday, "地方假日", "admin", DateTimeOffset.UnixEpoch);
        var otherTenant = new TenantCalendarDay("qu", new DateOnly(2025, 9, 30), CalendarDayKind.LocalHoliday, "别处", "admin", DateTimeOffset.UnixEpoch);
        var rules = tenant.Rules([holiday, otherTenant]);
        Assert.False(rules.Calendar.IsWorkingDay(new DateOnly(2025, 9, 29)));
        Assert.True(rules.Calendar.IsWorkingDay(new DateOnly(2025, 9, 30)));
        Assert.Equal("HSB", rules.Policy.Code);
    }
}
