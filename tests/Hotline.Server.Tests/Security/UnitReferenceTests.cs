using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Units;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// A unit id a dispatcher or an administrator names must be a unit of their own tenant that is still active: another
/// county's unit (both directions), a made-up id and a deactivated unit are refused with 422 and change nothing.
/// </summary>
public sealed class UnitReferenceTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Acting tenant, the unit named (another tenant's demo unit, a random id, an inactive unit) and the code.</summary>
    public static TheoryData<string, string, string> BadUnits => new()
    {
        { "qu", "hl", "unit.unknown" },
        { "hl", "qu", "unit.unknown" },
        { "qu", "random", "unit.unknown" },
        { "hl", "inactive", "unit.inactive" },
    };

    [Theory]
    [MemberData(nameof(BadUnits))]
    public async Task Dispatch_to_a_unit_that_is_not_the_tenants_own_active_unit_is_refused(string tenant, string named, string code)
    {
        var (dispatcher, number) = await RegisteredAsync(tenant);
        var before = await ReadAsync(tenant, number);

        var response = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = await UnitAsync(tenant, named) });

        Assert.Equal(code, (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await AssertUnchangedAsync(tenant, number, before);
    }

    [Theory]
    [MemberData(nameof(BadUnits))]
    public async Task A_co_unit_named_in_the_dispatch_order_or_added_later_must_be_the_tenants_own_active_unit(string tenant, string named, string code)
    {
        var (dispatcher, number) = await RegisteredAsync(tenant);
        var bad = await UnitAsync(tenant, named);
        var before = await ReadAsync(tenant, number);

        var inOrder = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId(tenant), coUnitIds = new[] { bad } });
        Assert.Equal(code, (await inOrder.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await AssertUnchangedAsync(tenant, number, before);

        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId(tenant) });
        var dispatched = await ReadAsync(tenant, number);
        var added = await dispatcher.TryActAsync(number, "co-units", new { unitId = bad });
        Assert.Equal(code, (await added.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await AssertUnchangedAsync(tenant, number, dispatched);
    }

    [Theory]
    [MemberData(nameof(BadUnits))]
    public async Task Redispatch_after_an_approved_return_must_name_the_tenants_own_active_unit(string tenant, string named, string code)
    {
        var (dispatcher, number) = await RegisteredAsync(tenant);
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId(tenant) });
        await (await host.ClientAsync(tenant, HotlineRole.UnitHandler)).ActAsync(number, "sign");
        await (await host.ClientAsync(tenant, HotlineRole.UnitHandler)).ActAsync(number, "return",
            new { reason = "OutOfDuty", explanation = "不属于本单位职责", basis = "三定方案", suggestedUnit = "县城市管理局", signedBy = "DeputyLeader" });
        await (await host.ClientAsync(tenant, HotlineRole.Reviewer)).ActAsync(number, "return/approve");
        var returned = await ReadAsync(tenant, number);
        Assert.Equal("Returned", returned.GetProperty("state").GetString());

        var response = await dispatcher.TryActAsync(number, "redispatch", new { leadUnitId = await UnitAsync(tenant, named) });

        Assert.Equal(code, (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await AssertUnchangedAsync(tenant, number, returned);
        await dispatcher.ActAsync(number, "redispatch", new { leadUnitId = DemoAccessSeeder.DemoCoUnitId(tenant) });
    }

    [Theory]
    [MemberData(nameof(BadUnits))]
    public async Task An_admin_cannot_bind_a_user_or_an_api_key_to_a_unit_that_is_not_the_tenants_own_active_unit(string tenant, string named, string code)
    {
        var admin = await host.ClientAsync(tenant, HotlineRole.Admin);
        var unitCode = (await UnitAsync(tenant, named)).ToString();
        var users = await CountAsync(admin, "/api/access/users");
        var keys = await CountAsync(admin, "/api/access/api-keys");

        var user = await admin.PostAsJsonAsync("/api/access/users",
            new { userName = $"liaison-{named}", displayName = "联络员", roles = new[] { "unit-handler" }, unitCode, password = "Water!Works2026" }, Ct);
        var key = await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "单位系统", roles = new[] { "unit-handler" }, unitCode }, Ct);

        Assert.Equal(code, (await user.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal(code, (await key.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal(users, await CountAsync(admin, "/api/access/users"));
        Assert.Equal(keys, await CountAsync(admin, "/api/access/api-keys"));
    }

    [Fact]
    public async Task A_unit_code_that_is_no_unit_id_is_refused_and_the_tenants_own_unit_is_accepted()
    {
        var admin = await host.ClientAsync("hk", HotlineRole.Admin);

        var madeUp = await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "水务", roles = new[] { "unit-handler" }, unitCode = "water" }, Ct);
        var own = await admin.PostAsJsonAsync("/api/access/api-keys",
            new { name = "住建", roles = new[] { "unit-handler" }, unitCode = DemoAccessSeeder.DemoUnitId("hk").ToString() }, Ct);

        Assert.Equal("unit.unknown", (await madeUp.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    private async Task<(HttpClient Dispatcher, string Number)> RegisteredAsync(string tenant)
    {
        var dispatcher = await host.ClientAsync(tenant, HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        return (dispatcher, ticket.GetProperty("number").GetString()!);
    }

    /// <summary>The unit id a case names: another tenant's demo unit, a random id, or a deactivated unit of <paramref name="tenant"/>.</summary>
    private async Task<Guid> UnitAsync(string tenant, string named)
    {
        switch (named)
        {
            case "random":
                return Guid.NewGuid();
            case "inactive":
                await using (var scope = host.InTenant(tenant))
                {
                    var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
                    var unit = new Unit(Guid.NewGuid(), tenant, "已撤并的单位", UnitKind.Department);
                    unit.Deactivate();
                    db.Add(unit);
                    await db.SaveChangesAsync(Ct);
                    return unit.Id;
                }

            default:
                return DemoAccessSeeder.DemoUnitId(named);
        }
    }

    private async Task<JsonElement> ReadAsync(string tenant, string number) =>
        await (await host.ClientAsync(tenant, HotlineRole.Auditor)).GetJsonAsync($"/api/tickets/{number}");

    private async Task AssertUnchangedAsync(string tenant, string number, JsonElement before)
    {
        var after = await ReadAsync(tenant, number);
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());
        Assert.Equal(before.GetProperty("state").GetString(), after.GetProperty("state").GetString());
        Assert.Equal(before.GetProperty("units").GetRawText(), after.GetProperty("units").GetRawText());
        Assert.Equal(before.Actions(), after.Actions());
    }

    private static async Task<int> CountAsync(HttpClient admin, string path) =>
        (await admin.GetJsonAsync(path)).GetArrayLength();
}
