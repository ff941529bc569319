using Hotline.Server.Hosting;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Units;
using Hotline.Tickets.Activities;
using Hotline.Workflows.Definitions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Server.Provisioning;

/// <summary>
/// <c>provision</c> on the server's command line: what a new county needs before anyone can sign in. Only Development
/// seeds demo tenants and users, so a production database starts empty; from then on its administrator manages users,
/// API keys and the calendar through the API.
/// <code>
/// provision tenant &lt;id&gt; &lt;name&gt; &lt;profile&gt;          (with its own copy of the workflows folder's definitions)
/// provision workflows &lt;tenant&gt;                       (re-imports the folder as new versions where it changed)
/// provision unit &lt;tenant&gt; &lt;name&gt; &lt;kind&gt; [parent unit id]   (prints the new unit's id)
/// provision admin &lt;tenant&gt; &lt;user name&gt; &lt;display name&gt;     (password from HOTLINE_ADMIN_PASSWORD)
/// </code>
/// The password never appears on the command line, where shell history and process lists would keep it. The database
/// is found as the server finds it (configuration files, <c>Hotline__*</c> variables, <c>--key value</c> arguments after
/// the positional ones) and migrated first, so provisioning may be the first thing run against a new database.
/// </summary>
public static class ProvisionCommand
{
    public const string PasswordVariable = "HOTLINE_ADMIN_PASSWORD";

    private const string Usage = """
        usage: Hotline.Server provision tenant <id> <name> <profile>
               Hotline.Server provision workflows <tenant>
               Hotline.Server provision unit <tenant> <name> <kind> [parent unit id]
               Hotline.Server provision admin <tenant> <user name> <display name>   (password in HOTLINE_ADMIN_PASSWORD)
        """;

    /// <summary>True when the arguments name this command rather than a server run.</summary>
    public static bool IsCommand(string[] args) => args is ["provision", ..];

    /// <summary>Runs the command; returns the process exit code (0 done, 1 refused, 2 usage). Nothing changes unless 0.</summary>
    public static async Task<int> RunAsync(string[] args, string? password, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var settings = args.Skip(1 + positional.Length).ToArray();
        if (positional is not (["tenant", _, _, _] or ["workflows", _] or ["unit", _, _, _] or ["unit", _, _, _, _] or ["admin", _, _, _]))
        {
            error.WriteLine(Usage);
            return 2;
        }

        var builder = WebApplication.CreateBuilder(settings);
        builder.AddHotlineStore();
        builder.Services.AddHotlineActivities();
        builder.Services.AddWorkflowDefinitions(HotlineEngine.WorkflowsFolder(builder.Configuration, builder.Environment));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        await using var app = builder.Build();
        await app.Services.MigrateWorkflowDatabaseAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        await db.Database.MigrateAsync();

        try
        {
            var workflows = app.Services.GetRequiredService<DefinitionFolderImport>();
            var done = positional[0] switch
            {
                "tenant" => await TenantAsync(db, positional[1], positional[2], positional[3]),
                "workflows" => await WorkflowsAsync(db, workflows, positional[1]),
                "unit" => await UnitAsync(db, positional[1], positional[2], positional[3], positional.ElementAtOrDefault(4)),
                _ => await AdminAsync(db, scope.ServiceProvider, positional[1], positional[2], positional[3], password),
            };
            await db.SaveChangesAsync();
            if (positional[0] == "tenant")
            {
                // The county's own copy of the lifecycle, so its first ticket has a workflow to run.
                done += $" {await workflows.ImportAsync(positional[1])} workflow definitions imported.";
            }

            output.WriteLine(done);
            return 0;
        }
        catch (Exception e) when (e is ProvisionRefused or ArgumentException or InvalidPolicyException)
        {
            error.WriteLine($"provision {positional[0]} refused: {e.Message}");
            return 1;
        }
    }

    private static async Task<string> TenantAsync(HotlineDbContext db, string id, string name, string profile)
    {
        var tenant = new Tenant(id, name, profile);
        // Provisioning serves every county: it looks among all tenants (the tenant filter, opted out by name).
        if (await db.Tenants.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).AnyAsync(t => t.Id == tenant.Id))
        {
            throw new ProvisionRefused($"tenant '{id}' exists already.");
        }

        db.Add(tenant);
        return $"Tenant {id} ({name}) created with profile {profile}.";
    }

    /// <summary>
    /// Re-imports the workflows folder for one tenant: a definition it lacks is added, one whose content changed gets a new
    /// version (published when the file says so). Running instances stay on the versions they started on.
    /// </summary>
    private static async Task<string> WorkflowsAsync(HotlineDbContext db, DefinitionFolderImport workflows, string tenantId)
    {
        using var tenant = await EnterExistingTenantAsync(db, tenantId);
        return $"{await workflows.ReimportAsync(tenantId)} workflow definitions of tenant {tenantId} imported as new versions; the rest were unchanged.";
    }

    private static async Task<string> UnitAsync(HotlineDbContext db, string tenantId, string name, string kind, string? parent)
    {
        using var tenant = await EnterExistingTenantAsync(db, tenantId);
        if (!Enum.TryParse<UnitKind>(kind, ignoreCase: true, out var unitKind) || !Enum.IsDefined(unitKind))
        {
            throw new ProvisionRefused($"'{kind}' is not a unit kind; use one of {string.Join(", ", Enum.GetNames<UnitKind>())}.");
        }

        Guid? parentId = null;
        if (parent is not null)
        {
            if (!Guid.TryParse(parent, out var id) || !await db.Units.AnyAsync(u => u.Id == id && u.TenantId == tenantId))
            {
                throw new ProvisionRefused($"'{parent}' is not a unit of tenant '{tenantId}'.");
            }

            parentId = id;
        }

        if (await db.Units.AnyAsync(u => u.TenantId == tenantId && u.Name == name))
        {
            throw new ProvisionRefused($"tenant '{tenantId}' has a unit named '{name}' already.");
        }

        var unit = new Unit(Guid.CreateVersion7(), tenantId, name, unitKind, parentId);
        db.Add(unit);
        return unit.Id.ToString();
    }

    private static async Task<string> AdminAsync(HotlineDbContext db, IServiceProvider services, string tenantId, string userName, string displayName, string? password)
    {
        using var tenant = await EnterExistingTenantAsync(db, tenantId);
        if (string.IsNullOrEmpty(password))
        {
            throw new ProvisionRefused($"set {PasswordVariable} to the administrator's first password.");
        }

        var user = new User(tenantId, userName, displayName, new RoleAssignment([HotlineRole.Admin], unitCode: null), services.GetRequiredService<TimeProvider>().GetUtcNow());
        user.SetPassword(password, services.GetRequiredService<IPasswordHasher<User>>());
        if (await db.Set<User>().AnyAsync(u => u.TenantId == tenantId && u.UserName == user.UserName))
        {
            throw new ProvisionRefused($"tenant '{tenantId}' has a user '{userName}' already.");
        }

        db.Add(user);
        return $"Administrator {userName} of tenant {tenantId} created.";
    }

    /// <summary>Works in an existing tenant, so what the command reads is that county's only.</summary>
    private static async Task<IDisposable> EnterExistingTenantAsync(HotlineDbContext db, string tenantId)
    {
        // Provisioning serves every county: it looks among all tenants (the tenant filter, opted out by name).
        if (!await db.Tenants.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).AnyAsync(t => t.Id == tenantId))
        {
            throw new ProvisionRefused($"there is no tenant '{tenantId}'; provision it first.");
        }

        return db.EnterTenant(tenantId);
    }

    private sealed class ProvisionRefused(string message) : Exception(message);
}
