using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.Administration;
using Hotline.Application.ApiKeys;
using Hotline.Application.Calendar;
using Hotline.Application.Queues;
using Hotline.Application.Units;
using Hotline.Application.Users;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Units;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Admin;

/// <summary>
/// The administration use cases the API and the workbench's admin pages share (<see cref="UserAccounts"/>,
/// <see cref="ApiKeyRegistry"/>, <see cref="UnitTree"/>, <see cref="TenantCalendar"/>), and the landing queue: a role
/// that may not is refused by the use case itself, a refusal changes nothing, another tenant's user is not found.
/// </summary>
public sealed class AdministrationTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private T Service<T>() where T : notnull => host.Services.GetRequiredService<T>();

    [Fact]
    public async Task Only_an_administrator_may_call_the_use_cases_whichever_page_calls_them_and_nothing_is_made()
    {
        var reviewer = WorkbenchUsers.Demo("hl", HotlineRole.Reviewer);
        var admin = WorkbenchUsers.Demo("hl", HotlineRole.Admin);
        var users = (await Service<UserAccounts>().ListAsync(admin, Ct)).Count;
        var units = (await Service<UnitTree>().ListAsync(admin, includeRetired: true, Ct)).Count;

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service<UserAccounts>().CreateAsync(reviewer,
            new NewUserRequest("sneaky", "", ["admin"], null, "Sneaky!Pass2026"), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service<ApiKeyRegistry>().IssueAsync(reviewer, new NewApiKeyRequest("偷偷", ["auditor"], null, null), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service<UnitTree>().CreateAsync(reviewer, "私设单位", UnitKind.Town, null, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service<TenantCalendar>().PutAsync(reviewer, new DateOnly(2025, 6, 6), "LocalHoliday", "私设假日", Ct));
        // The pickers' unit list is for those who work tickets; an administrator reads it too, a process owner does not.
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service<UnitTree>().OptionsAsync(WorkbenchUsers.Demo("hl", HotlineRole.ProcessOwner), true, Ct));

        Assert.Equal(users, (await Service<UserAccounts>().ListAsync(admin, Ct)).Count);
        Assert.Equal(units, (await Service<UnitTree>().ListAsync(admin, includeRetired: true, Ct)).Count);
        Assert.Empty(await Service<TenantCalendar>().ListAsync(admin, Ct));
        Assert.DoesNotContain(await Service<ApiKeyRegistry>().ListAsync(admin, Ct), k => k.Name == "偷偷");
    }

    [Fact]
    public async Task An_administrator_changes_a_users_roles_and_unit_which_ends_their_sessions_and_bad_changes_are_refused()
    {
        using var admin = await host.ClientAsync("hsb", HotlineRole.Admin);
        var unit = DemoAccessSeeder.DemoUnitId("hsb").ToString();
        var created = await admin.PostAsJsonAsync("/api/access/users",
            new { userName = "li-lianluo", displayName = "李联络", roles = new[] { "unit-handler" }, unitCode = unit, password = HotlineHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();
        using var person = await host.ClientAsync("hsb", "li-lianluo");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/auth/me", Ct)).StatusCode);

        // Refused, and nothing changes: an unknown unit, an unknown role, a unit role without its unit.
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "unit-handler" }, unitCode = Guid.NewGuid().ToString() }, Ct),
            HttpStatusCode.UnprocessableEntity, "unit.unknown");
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "janitor" } }, Ct), HttpStatusCode.BadRequest, RoleRefusals.Unknown);
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "unit-leader" } }, Ct), HttpStatusCode.BadRequest, RoleRefusals.UnitRequired);
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "reviewer" }, unitCode = unit }, Ct), HttpStatusCode.BadRequest, RoleRefusals.UnitNotAllowed);
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = Array.Empty<string>() }, Ct), HttpStatusCode.BadRequest, RoleRefusals.None);
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{id}/password", new { password = "short" }, Ct), HttpStatusCode.BadRequest, UserAccounts.PasswordWeak);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/auth/me", Ct)).StatusCode);

        // Not the administrator's business elsewhere: a reviewer is forbidden, another county's administrator finds nobody.
        using var reviewer = await host.ClientAsync("hsb", HotlineRole.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "admin" } }, Ct)).StatusCode);
        using var otherAdmin = await host.ClientAsync("qu", HotlineRole.Admin);
        await AssertRefusedAsync(await otherAdmin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "reviewer" } }, Ct), HttpStatusCode.NotFound, UserAccounts.NotFound);
        var listed = (await admin.GetJsonAsync("/api/access/users")).EnumerateArray().Single(u => u.GetProperty("id").GetString() == id);
        Assert.Equal(["unit-handler"], listed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var changed = await admin.PutAsJsonAsync($"/api/access/users/{id}/roles", new { roles = new[] { "reviewer" }, unitCode = (string?)null }, Ct);
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("unitCode").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_administrator_neither_disables_their_own_account_nor_drops_their_own_admin_role()
    {
        using var admin = await host.ClientAsync("hk", HotlineRole.Admin);
        var self = (await admin.GetJsonAsync("/api/access/users")).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "admin").GetProperty("id").GetString();

        await AssertRefusedAsync(await admin.PostAsync($"/api/access/users/{self}/disable", null, Ct), HttpStatusCode.Conflict, UserAccounts.OwnAccount);
        await AssertRefusedAsync(await admin.PutAsJsonAsync($"/api/access/users/{self}/roles", new { roles = new[] { "auditor" } }, Ct), HttpStatusCode.Conflict, UserAccounts.OwnAccount);

        // Still an enabled administrator, still signed in.
        var me = (await admin.GetJsonAsync("/api/access/users")).EnumerateArray().Single(u => u.GetProperty("id").GetString() == self);
        Assert.False(me.GetProperty("isDisabled").GetBoolean());
        Assert.Equal(["admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_reset_password_is_shown_once_works_and_the_old_one_stops()
    {
        using var admin = await host.ClientAsync("qu", HotlineRole.Admin);
        var supervisor = (await admin.GetJsonAsync("/api/access/users")).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "supervisor").GetProperty("id").GetString()!;

        var password = await Service<UserAccounts>().ResetPasswordAsync(WorkbenchUsers.Demo("qu", HotlineRole.Admin), supervisor, Ct);
        PasswordRules.Check(password, "supervisor");

        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/auth/token", new { tenant = "qu", userName = "supervisor", password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { tenant = "qu", userName = "supervisor", password = HotlineHost.Password }, Ct)).StatusCode);
        // Another county's administrator cannot reset it.
        var refusal = await Assert.ThrowsAsync<AdminRefusal>(() => Service<UserAccounts>().ResetPasswordAsync(WorkbenchUsers.Demo("hl", HotlineRole.Admin), supervisor, Ct));
        Assert.Equal((AdminRefusalKind.NotFound, UserAccounts.NotFound), (refusal.Kind, refusal.Code));
    }

    [Fact]
    public async Task A_calendar_year_shows_the_national_days_with_the_tenants_own_laid_over_them()
    {
        var admin = WorkbenchUsers.Demo("hk", HotlineRole.Admin);
        var calendar = Service<TenantCalendar>();
        await calendar.PutAsync(admin, new DateOnly(2025, 6, 6), "LocalHoliday", "古尔邦节", Ct);
        await calendar.PutAsync(admin, new DateOnly(2025, 10, 8), "LocalWorkingDay", "县里补班", Ct);

        var year = await calendar.YearAsync(admin, 2025, Ct);
        Assert.Contains(year, d => d is { Own: false, Kind: CalendarDayKind.PublicHoliday } && d.Date == new DateOnly(2025, 10, 1));
        Assert.Contains(year, d => d is { Own: true, Name: "古尔邦节", IsWorkingDay: false } && d.Date == new DateOnly(2025, 6, 6));
        // The tenant's own entry replaces the national one on the same date.
        Assert.Single(year, d => d.Date == new DateOnly(2025, 10, 8));
        Assert.True(year.Single(d => d.Date == new DateOnly(2025, 10, 8)).Own);
        // Another county sees none of it.
        Assert.DoesNotContain(await calendar.YearAsync(WorkbenchUsers.Demo("hl", HotlineRole.Admin), 2025, Ct), d => d.Own);

        var bad = await Assert.ThrowsAsync<AdminRefusal>(() => calendar.YearAsync(admin, 1900, Ct));
        Assert.Equal(TenantCalendar.YearOutOfRange, bad.Code);
        var missing = await Assert.ThrowsAsync<AdminRefusal>(() => calendar.RemoveAsync(admin, new DateOnly(2025, 10, 1), Ct));
        Assert.Equal(TenantCalendar.NotFound, missing.Code);
        Assert.Equal(2, (await calendar.ListAsync(admin, Ct)).Count);
    }

    [Fact]
    public async Task Each_role_lands_on_its_queue_with_work_first_and_else_on_its_main_queue()
    {
        var queues = Service<WorkQueues>();
        var handler = WorkbenchUsers.Demo("hl", HotlineRole.UnitHandler);
        Assert.Equal("replies-to-review", await queues.LandingAsync(WorkbenchUsers.Demo("hl", HotlineRole.Reviewer), Ct));
        Assert.Null(await queues.LandingAsync(WorkbenchUsers.Demo("hl", HotlineRole.Admin), Ct));

        // A signed ticket: nothing to sign, so the unit handler lands where the work is.
        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("路灯不亮"))).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hl") });
        Assert.Equal("to-sign", await queues.LandingAsync(handler, Ct));
        using var unit = await host.ClientAsync("hl", HotlineRole.UnitHandler);
        await unit.ActAsync(number, "sign");
        Assert.Equal("in-progress", await queues.LandingAsync(handler, Ct));

        // A reply waits: the reviewer lands on 答复待审核 rather than on 办理中.
        await unit.ActAsync(number, "reply", new { measures = "已修复路灯", callerNotice = "已电话告知", resolution = "Resolved", fullyAnswered = true });
        var reviewer = WorkbenchUsers.Demo("hl", HotlineRole.Reviewer);
        Assert.Equal("replies-to-review", await queues.LandingAsync(reviewer, Ct));
        // Accepted: nothing waits for review any more, a revisit does.
        using var reviewerApi = await host.ClientAsync("hl", HotlineRole.Reviewer);
        await reviewerApi.ActAsync(number, "reply/accept");
        Assert.Equal("revisits", await queues.LandingAsync(reviewer, Ct));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        Assert.Equal(code, (await response.ProblemAsync(status)).GetProperty("code").GetString());
}
