using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Units;

/// <summary>
/// The units API (HSB-ORG-1, HL-ORG-1, HK-ORG-1): a newcomer lists the units to find a <c>leadUnitId</c>; the tenant
/// administrator creates, renames, moves and retires units and sets their leaders and liaisons. Refusals carry a code
/// and change nothing; another tenant's unit is 404 in both directions.
/// </summary>
public sealed class UnitApiTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        Assert.Equal(code, (await response.ProblemAsync(status)).GetProperty("code").GetString());

    private static async Task<JsonElement> CreateAsync(HttpClient admin, string name, Guid? parentId = null) =>
        await OkAsync(await admin.PostAsJsonAsync("/api/units", new { name, kind = "Town", parentId }, Ct), HttpStatusCode.Created);

    private static Guid Id(JsonElement unit) => unit.GetProperty("id").GetGuid();

    [Fact]
    public async Task A_dispatcher_lists_the_units_and_dispatches_to_one_by_its_id()
    {
        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var units = await dispatcher.GetJsonAsync("/api/units");
        var ids = units.EnumerateArray().Select(Id).ToList();
        Assert.Contains(DemoAccessSeeder.DemoCoUnitId("hl"), ids);
        var unitId = ids.Single(id => id == DemoAccessSeeder.DemoUnitId("hl"));
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        await dispatcher.ActAsync(ticket.GetProperty("number").GetString()!, "dispatch", new { leadUnitId = unitId });
    }

    [Fact]
    public async Task HSB_ORG_1_HL_ORG_1_an_admin_creates_renames_moves_and_names_leaders_and_liaisons()
    {
        using var admin = await host.ClientAsync("hsb", HotlineRole.Admin);
        var town = await CreateAsync(admin, "红寺堡镇");
        var village = await CreateAsync(admin, "新民村", Id(town));
        Assert.Equal(Id(town), village.GetProperty("parentId").GetGuid());

        await OkAsync(await admin.PutAsJsonAsync($"/api/units/{Id(town)}/name", new { name = "红寺堡镇人民政府" }, Ct));
        var moved = await OkAsync(await admin.PutAsJsonAsync($"/api/units/{Id(village)}/parent", new { parentId = (Guid?)null }, Ct));
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("parentId").ValueKind);

        var leaders = await OkAsync(await admin.PutAsJsonAsync($"/api/units/{Id(town)}/leaders",
            new { headLeader = new { name = "王镇长", phone = "13900000001" }, deputyLeader = new { name = "李副镇长", phone = "13900000002" } }, Ct));
        Assert.Equal("李副镇长", leaders.GetProperty("deputyLeader").GetProperty("name").GetString());
        await OkAsync(await admin.PutAsJsonAsync($"/api/units/{Id(town)}/liaisons", new { liaisons = new[] { new { name = "赵联络", phone = "0953-5012345" } } }, Ct));

        var full = await admin.GetJsonAsync($"/api/units/{Id(town)}");
        Assert.Equal("红寺堡镇人民政府", full.GetProperty("name").GetString());
        Assert.Equal("0953-5012345", full.GetProperty("liaisons")[0].GetProperty("phone").GetString());
        // The list every ticket reader sees masks the contacts' phones.
        using var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var listed = (await dispatcher.GetJsonAsync("/api/units")).EnumerateArray().Single(u => Id(u) == Id(town));
        Assert.DoesNotContain("00000001", listed.GetProperty("headLeader").GetProperty("phone").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_that_makes_a_cycle_and_bad_contacts_are_refused_and_change_nothing()
    {
        using var admin = await host.ClientAsync("hsb", HotlineRole.Admin);
        var parent = await CreateAsync(admin, "上级");
        var child = await CreateAsync(admin, "下级", Id(parent));
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(parent)}/parent", new { parentId = Id(child) }, Ct), HttpStatusCode.Conflict, "unit.cycle");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(parent)}/parent", new { parentId = Id(parent) }, Ct), HttpStatusCode.Conflict, "unit.cycle");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(parent)}/leaders", new { headLeader = new { name = "王", phone = "not a phone" } }, Ct), HttpStatusCode.BadRequest, "unit.contact-invalid");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(parent)}/name", new { name = " " }, Ct), HttpStatusCode.BadRequest, "unit.name-invalid");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(parent)}/name", new { name = new string('长', 201) }, Ct), HttpStatusCode.BadRequest, "unit.name-invalid");
        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/units", new { name = "x", kind = "Planet" }, Ct), HttpStatusCode.BadRequest, "request.unreadable");
        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/units", new { name = "x", parentId = Guid.NewGuid() }, Ct), HttpStatusCode.UnprocessableEntity, "unit.parent-unknown");

        var unchanged = await admin.GetJsonAsync($"/api/units/{Id(parent)}");
        Assert.Equal("上级", unchanged.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("parentId").ValueKind);
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("headLeader").ValueKind);
    }

    [Fact]
    public async Task A_retired_unit_takes_no_new_tickets_and_a_unit_with_active_units_under_it_is_not_retired()
    {
        using var admin = await host.ClientAsync("hk", HotlineRole.Admin);
        var parent = await CreateAsync(admin, "流泗镇");
        var child = await CreateAsync(admin, "流泗村", Id(parent));
        await AssertRefusedAsync(await admin.PostAsync(new Uri($"/api/units/{Id(parent)}/retire", UriKind.Relative), null, Ct), HttpStatusCode.Conflict, "unit.has-active-children");
        Assert.True((await admin.GetJsonAsync($"/api/units/{Id(parent)}")).GetProperty("active").GetBoolean());

        var retired = await OkAsync(await admin.PostAsync(new Uri($"/api/units/{Id(child)}/retire", UriKind.Relative), null, Ct));
        Assert.False(retired.GetProperty("active").GetBoolean());
        // A retired unit takes no new units under it, when created as when moved, and nothing is made.
        var before = (await admin.GetJsonAsync("/api/units?includeRetired=true")).GetArrayLength();
        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/units", new { name = "新村", kind = "Village", parentId = Id(child) }, Ct), HttpStatusCode.UnprocessableEntity, "unit.inactive");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(parent)}/parent", new { parentId = Id(child) }, Ct), HttpStatusCode.UnprocessableEntity, "unit.inactive");
        Assert.Equal(before, (await admin.GetJsonAsync("/api/units?includeRetired=true")).GetArrayLength());
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(child)}/name", new { name = "改名" }, Ct), HttpStatusCode.Conflict, "unit.retired");
        Assert.DoesNotContain((await admin.GetJsonAsync("/api/units")).EnumerateArray(), u => Id(u) == Id(child));
        Assert.Contains((await admin.GetJsonAsync("/api/units?includeRetired=true")).EnumerateArray(), u => Id(u) == Id(child));

        using var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var refused = await dispatcher.TryActAsync(ticket.GetProperty("number").GetString()!, "dispatch", new { leadUnitId = Id(child), dueAt = host.Clock.GetUtcNow().AddDays(3) });
        await AssertRefusedAsync(refused, HttpStatusCode.UnprocessableEntity, "unit.inactive");
    }

    [Fact]
    public async Task Strangers_get_401_and_roles_other_than_admin_403()
    {
        using var stranger = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(new Uri("/api/units", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync("/api/units", new { name = "x" }, Ct)).StatusCode);
        using var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        await AssertRefusedAsync(await dispatcher.PostAsJsonAsync("/api/units", new { name = "x" }, Ct), HttpStatusCode.Forbidden, "access.denied");
        await AssertRefusedAsync(await dispatcher.PutAsJsonAsync($"/api/units/{DemoAccessSeeder.DemoUnitId("hsb")}/name", new { name = "x" }, Ct), HttpStatusCode.Forbidden, "access.denied");
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(new Uri("/api/units", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("hsb", "hl")]
    [InlineData("hl", "hsb")]
    public async Task Another_tenants_unit_is_404_and_stays_as_it_was(string tenant, string other)
    {
        using var admin = await host.ClientAsync(tenant, HotlineRole.Admin);
        var foreign = DemoAccessSeeder.DemoCoUnitId(other);
        await AssertRefusedAsync(await admin.GetAsync(new Uri($"/api/units/{foreign}", UriKind.Relative), Ct), HttpStatusCode.NotFound, "unit.not-found");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{foreign}/name", new { name = "被改" }, Ct), HttpStatusCode.NotFound, "unit.not-found");
        await AssertRefusedAsync(await admin.PostAsync(new Uri($"/api/units/{foreign}/retire", UriKind.Relative), null, Ct), HttpStatusCode.NotFound, "unit.not-found");
        await AssertRefusedAsync(await admin.PostAsJsonAsync("/api/units", new { name = "x", parentId = foreign }, Ct), HttpStatusCode.UnprocessableEntity, "unit.parent-unknown");
        var own = await CreateAsync(admin, "本县单位");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/units/{Id(own)}/parent", new { parentId = foreign }, Ct), HttpStatusCode.UnprocessableEntity, "unit.parent-unknown");
        Assert.DoesNotContain((await admin.GetJsonAsync("/api/units?includeRetired=true")).EnumerateArray(), u => Id(u) == foreign);

        using var otherAdmin = await host.ClientAsync(other, HotlineRole.Admin);
        var theirs = await otherAdmin.GetJsonAsync($"/api/units/{foreign}");
        Assert.True(theirs.GetProperty("active").GetBoolean());
        Assert.NotEqual("被改", theirs.GetProperty("name").GetString());
    }
}
