using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.ApiKeys;
using Hotline.Application.Calendar;
using Hotline.Application.Users;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Access;

/// <summary>Roles without the permission get 403, strangers 401, and one tenant never sees another's rows.</summary>
public sealed class AuthorizationTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_role_without_the_permission_gets_403_problem()
    {
        using var dispatcher = await host.SignedIn("hsb", "dispatcher");
        var response = await dispatcher.GetAsync("/api/access/users", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/access/users")]
    [InlineData("/api/auth/me")]
    [InlineData("/api/calendar/days")]
    public async Task No_credentials_get_401(string path)
    {
        using var client = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_sees_and_changes_only_their_own_tenants_users()
    {
        using var hlAdmin = await host.SignedIn("hl", "admin");
        var users = await hlAdmin.GetFromJsonAsync<UserView[]>("/api/access/users", Ct);
        // One per role, and the co-unit's handler and leader.
        Assert.Equal(HotlineRoles.All.Count + 2, users!.Length);

        var hsbReviewerId = await UserId("hsb", "reviewer");
        Assert.DoesNotContain(users, u => u.Id == hsbReviewerId);
        Assert.Equal(HttpStatusCode.NotFound, (await hlAdmin.PostAsync($"/api/access/users/{hsbReviewerId}/disable", null, Ct)).StatusCode);
        using var hsbReviewer = await host.SignedIn("hsb", "reviewer");
        Assert.Equal(HttpStatusCode.OK, (await hsbReviewer.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_tenants_api_key_cannot_be_listed_or_revoked_by_another_tenant()
    {
        using var quAdmin = await host.SignedIn("qu", "admin");
        var key = await (await quAdmin.PostAsJsonAsync("/api/access/api-keys", new { name = "短信网关", roles = new[] { "reviewer" } }, Ct))
            .Content.ReadFromJsonAsync<ApiKeyView>(Ct);

        using var hkAdmin = await host.SignedIn("hk", "admin");
        Assert.DoesNotContain(await hkAdmin.GetFromJsonAsync<ApiKeyView[]>("/api/access/api-keys", Ct) ?? [], k => k.Id == key!.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await hkAdmin.DeleteAsync($"/api/access/api-keys/{key!.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_adds_a_user_whose_password_then_works()
    {
        using var admin = await host.SignedIn("hk", "admin");
        var created = await admin.PostAsJsonAsync("/api/access/users",
            new { userName = "liaison-2", displayName = "联络员二", roles = new[] { "UnitHandler" }, unitCode = DemoAccessSeeder.DemoCoUnitId("hk").ToString(), password = "Water!Works2026" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var client = host.Anonymous();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { tenant = "hk", userName = "liaison-2", password = "Water!Works2026" }, Ct);
        var me = await login.Content.ReadFromJsonAsync<Me>(Ct);
        Assert.Equal((DemoAccessSeeder.DemoCoUnitId("hk").ToString(), "联络员二"), (me!.UnitCode, me.DisplayName));
    }

    [Theory]
    [InlineData("""{"userName":"x1","roles":["UnitHandler"],"password":"Water!Works2026"}""", "unit code")]
    [InlineData("""{"userName":"x2","roles":["Janitor"],"password":"Water!Works2026"}""", "Janitor")]
    [InlineData("""{"userName":"x3","roles":["Reviewer"],"password":"short"}""", "password")]
    [InlineData("""{"userName":"dispatcher","roles":["Reviewer"],"password":"Water!Works2026"}""", "taken")]
    public async Task A_bad_user_request_is_a_problem_and_adds_nobody(string body, string mentioned)
    {
        using var admin = await host.SignedIn("hk", "admin");
        var before = (await admin.GetFromJsonAsync<UserView[]>("/api/access/users", Ct))!.Length;

        var response = await admin.PostAsync("/api/access/users", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, response.StatusCode.ToString());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains(mentioned, problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, (await admin.GetFromJsonAsync<UserView[]>("/api/access/users", Ct))!.Length);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_session_at_the_next_request()
    {
        using var supervisor = await host.SignedIn("hl", "supervisor");
        using var admin = await host.SignedIn("hl", "admin");

        await admin.PostAsync($"/api/access/users/{await UserId("hl", "supervisor")}/disable", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await supervisor.GetAsync("/api/auth/me", Ct)).StatusCode);
        using var again = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await again.PostAsJsonAsync("/api/auth/login", new { tenant = "hl", userName = "supervisor", password = HotlineHost.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_enables_a_disabled_user_of_their_tenant_only()
    {
        using var admin = await host.SignedIn("hl", "admin");
        using var otherAdmin = await host.SignedIn("hsb", "admin");
        using var anonymous = host.Anonymous();
        using var reviewer = await host.SignedIn("hl", "reviewer");
        var id = await UserId("hl", "auditor");
        await admin.PostAsync($"/api/access/users/{id}/disable", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/access/users/{id}/enable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync($"/api/access/users/{id}/enable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.PostAsync($"/api/access/users/{id}/enable", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/access/users/no-such-user/enable", null, Ct)).StatusCode);
        using var refused = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await refused.PostAsJsonAsync("/api/auth/login", new { tenant = "hl", userName = "auditor", password = HotlineHost.Password }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/access/users/{id}/enable", null, Ct)).StatusCode);
        using var again = host.Anonymous();
        Assert.Equal(HttpStatusCode.OK,
            (await again.PostAsJsonAsync("/api/auth/login", new { tenant = "hl", userName = "auditor", password = HotlineHost.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_adds_a_local_holiday_and_bad_days_are_refused()
    {
        using var admin = await host.SignedIn("hsb", "admin");
        var put = await admin.PutAsJsonAsync("/api/calendar/days/2025-06-06", new { kind = "LocalHoliday", name = "古尔邦节" }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var renamed = await admin.PutAsJsonAsync("/api/calendar/days/2025-06-06", new { kind = "LocalHoliday", name = "古尔邦节（宁夏）" }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/calendar/days/2025-06-07", new { kind = "Sometimes", name = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/calendar/days/2025-06-07", new { kind = "LocalHoliday", name = "" }, Ct)).StatusCode);
        var days = await admin.GetFromJsonAsync<CalendarDayView[]>("/api/calendar/days", Ct);
        Assert.Equal([new CalendarDayView(new DateOnly(2025, 6, 6), "LocalHoliday", "古尔邦节（宁夏）", false)], days!);

        await using var scope = host.InTenant("hsb");
        var calendar = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<TenantCalendarDay>()
            .CalendarForTenantAsync("hsb", Ct);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 6, 6)));

        using var dispatcher = await host.SignedIn("hsb", "dispatcher");
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.PutAsJsonAsync("/api/calendar/days/2025-06-09", new { kind = "LocalHoliday", name = "x" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_auditors_read_the_personal_data_audit_and_only_their_tenants()
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var reviewer = CurrentUser.From(HotlineClaims.CreatePrincipal("test", "qu", "r1", "reviewer", new RoleAssignment([HotlineRole.Reviewer], null)));
            await scope.ServiceProvider.GetRequiredService<PersonalDataDisclosure>().RevealAsync(
                reviewer, new PersonalDataSubject("qu", "QU-20260302-0001", null), new PersonalData(PersonalDataField.Phone, "13812345678"), "回访", Ct);
        }

        using var auditor = await host.SignedIn("qu", "auditor");
        var records = await auditor.GetFromJsonAsync<JsonElement[]>("/api/access/personal-data-accesses?ticketId=QU-20260302-0001", Ct);
        var record = Assert.Single(records!);
        Assert.Equal("回访", record.GetProperty("purpose").GetString());
        Assert.Equal("Phone", record.GetProperty("field").GetString());

        using var otherAuditor = await host.SignedIn("hk", "auditor");
        Assert.Empty((await otherAuditor.GetFromJsonAsync<JsonElement[]>("/api/access/personal-data-accesses?ticketId=QU-20260302-0001", Ct))!);
        using var dispatcher = await host.SignedIn("qu", "dispatcher");
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync("/api/access/personal-data-accesses?ticketId=QU-20260302-0001", Ct)).StatusCode);
    }

    private async Task<string> UserId(string tenant, string userName)
    {
        await using var scope = host.InTenant(tenant);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Set<User>().Where(u => u.TenantId == tenant && u.UserName == userName).Select(u => u.Id).SingleAsync(Ct);
    }
}
