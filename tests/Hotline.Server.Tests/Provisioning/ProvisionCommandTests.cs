using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Provisioning;
using Hotline.Server.Tests.ElsaApi;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Tests.Provisioning;

/// <summary>
/// A county switched on from an empty database: <c>provision tenant</c>, <c>unit</c> and <c>admin</c> on the server's
/// command line, then the administrator signs in and staffs the centre through the API.
/// </summary>
public sealed class ProvisionCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hotline-provision-").FullName;

    [Fact]
    public async Task A_provisioned_tenant_unit_and_administrator_can_run_a_ticket()
    {
        Assert.Equal(0, (await RunAsync("tenant", "yc", "盐池县12345热线", "qu")).Code);
        var unit = await RunAsync("unit", "yc", "盐池县住房和城乡建设局", "Department");
        Assert.Equal(0, unit.Code);
        var unitId = Guid.Parse(unit.Output.Trim());
        Assert.Equal(0, (await RunAsync("admin", "yc", "yc-admin", "系统管理员")).Code);

        using var host = new HotlineHost(folder);
        var admin = await host.ClientAsync("yc", "yc-admin");
        using (var created = await admin.PostAsJsonAsync("/api/access/users", new NewUserBody("yc-dispatcher", "派单员", ["dispatcher"], null, HotlineHost.Password), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var dispatcher = await host.ClientAsync("yc", "yc-dispatcher");
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("咨询住房公积金贷款"))).GetProperty("number").GetString()!;
        Assert.StartsWith("YC-", number, StringComparison.Ordinal);
        var dispatched = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = unitId });
        Assert.Equal("Dispatched", dispatched.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Provision_workflows_reimports_changed_flows_as_new_versions_and_leaves_running_tickets_on_theirs()
    {
        var tenant = await RunAsync("tenant", "yc", "盐池县12345热线", "qu");
        Assert.Equal(0, tenant.Code);
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json").Length;
        Assert.Contains($" {files} workflow definitions imported", tenant.Output, StringComparison.Ordinal);
        var unitId = Guid.Parse((await RunAsync("unit", "yc", "盐池县住房和城乡建设局", "Department")).Output.Trim());
        Assert.Equal(0, (await RunAsync("admin", "yc", "yc-admin", "系统管理员")).Code);

        using var host = new HotlineHost(folder);
        var admin = await host.ClientAsync("yc", "yc-admin");
        foreach (var (name, role) in new[] { ("yc-dispatcher", "dispatcher"), ("yc-owner", "process-owner") })
        {
            using var created = await admin.PostAsJsonAsync("/api/access/users", new NewUserBody(name, name, [role], null, HotlineHost.Password), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var dispatcher = await host.ClientAsync("yc", "yc-dispatcher");
        var owner = await host.ClientAsync("yc", "yc-owner");
        var running = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(running, "dispatch", new { leadUnitId = unitId });
        var (_, shipped) = await owner.GetJson("/workflow-definitions/by-definition-id/ticket-lifecycle?versionOptions=Published");
        var edited = shipped!.DeepClone().AsObject();
        edited["description"] = "盐池县 changed this in the designer";
        Assert.Equal(HttpStatusCode.OK, (await owner.PostJson("/workflow-definitions", new { model = edited, publish = true })).Status);
        var (_, supervisionBefore) = await owner.GetJson("/workflow-definitions/by-definition-id/supervision");

        var reimport = await RunAsync("workflows", "yc");
        Assert.Equal(0, reimport.Code);
        Assert.StartsWith("1 workflow definitions of tenant yc imported", reimport.Output, StringComparison.Ordinal);

        var (_, lifecycle) = await owner.GetJson("/workflow-definitions/by-definition-id/ticket-lifecycle?versionOptions=Published");
        Assert.Equal(((int)shipped["version"]! + 2, (string?)shipped["description"]), ((int)lifecycle!["version"]!, (string?)lifecycle["description"]));
        var (_, supervisionAfter) = await owner.GetJson("/workflow-definitions/by-definition-id/supervision");
        Assert.Equal((int)supervisionBefore!["version"]!, (int)supervisionAfter!["version"]!);

        var ticket = await dispatcher.GetJsonAsync($"/api/tickets/{running}");
        var instance = ticket.GetProperty("workflows").EnumerateArray().First(w => w.GetProperty("definitionId").GetString() == "ticket-lifecycle");
        Assert.Equal(((int)shipped["version"]!, "Running"), (instance.GetProperty("version").GetInt32(), instance.GetProperty("status").GetString()));
        var fresh = (await dispatcher.RegisterAsync(TicketApi.Consultation("再次咨询"))).GetProperty("number").GetString()!;
        var freshTicket = await dispatcher.GetJsonAsync($"/api/tickets/{fresh}");
        Assert.Equal((int)lifecycle["version"]!, freshTicket.GetProperty("workflows").EnumerateArray().First(w => w.GetProperty("definitionId").GetString() == "ticket-lifecycle").GetProperty("version").GetInt32());

        Assert.StartsWith("0 workflow definitions", (await RunAsync("workflows", "yc")).Output, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("workflows", "zz")).Code);
    }

    [Fact]
    public async Task Refusals_say_why_and_change_nothing()
    {
        var unknownProfile = await RunAsync("tenant", "yc", "盐池县", "nowhere");
        Assert.Equal(1, unknownProfile.Code);
        Assert.Contains("Unknown policy profile 'nowhere'", unknownProfile.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("tenant", "yc", "盐池县", "qu")).Code);
        var again = await RunAsync("tenant", "yc", "盐池县", "qu");
        Assert.Equal(1, again.Code);
        Assert.Contains("exists already", again.Error, StringComparison.Ordinal);

        var noPassword = await RunAsync(["admin", "yc", "yc-admin", "系统管理员"], password: null);
        Assert.Equal(1, noPassword.Code);
        Assert.Contains(ProvisionCommand.PasswordVariable, noPassword.Error, StringComparison.Ordinal);

        var noTenant = await RunAsync("unit", "zz", "某局", "Department");
        Assert.Equal(1, noTenant.Code);
        Assert.Contains("no tenant 'zz'", noTenant.Error, StringComparison.Ordinal);

        var badKind = await RunAsync("unit", "yc", "某局", "Ministry");
        Assert.Equal(1, badKind.Code);
        Assert.Contains("not a unit kind", badKind.Error, StringComparison.Ordinal);

        Assert.Equal(2, (await RunAsync("tenant", "yc")).Code);

        // Nothing of any tenant changed: the test reads across tenants by name.
        await using var db = OpenDatabase();
        Assert.Equal(["yc"], await db.Tenants.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).Select(t => t.Id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.Units.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.Set<Hotline.Tickets.Access.User>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).ToListAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] positional) =>
        RunAsync(positional, HotlineHost.Password);

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] positional, string? password)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["provision", .. positional, "--Hotline:DataDirectory", folder, "--Hotline:Logs:Directory", Path.Combine(folder, "logs")];
        var code = await ProvisionCommand.RunAsync(args, password, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private SqliteHotlineDbContext OpenDatabase()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "hotline.db")}");
        return new SqliteHotlineDbContext(new DbContextOptionsBuilder<SqliteHotlineDbContext>().UseSqlite(connection).Options);
    }

    private sealed record NewUserBody(string UserName, string DisplayName, string[] Roles, string? UnitCode, string Password);
}
