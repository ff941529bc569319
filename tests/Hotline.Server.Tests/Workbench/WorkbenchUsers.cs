using Hotline.Server.Access;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Workbench;

/// <summary>The demo users as a circuit sees them: built from the same claims the sign-in cookie carries.</summary>
internal static class WorkbenchUsers
{
    public static CurrentUser Demo(string tenant, HotlineRole role) =>
        CurrentUser.From(HotlineClaims.CreatePrincipal(
            "Hotline.Cookie", tenant, $"{tenant}-{role.Name()}", role.Name(),
            new RoleAssignment([role], role.IsUnitRole() ? DemoAccessSeeder.DemoUnitId(tenant).ToString() : null)));
}
