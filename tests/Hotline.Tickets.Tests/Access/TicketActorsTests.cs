using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tests.Access;

public sealed class TicketActorsTests
{
    private static readonly Guid Housing = Guid.Parse("6f1c2a9e-3b7d-4c1e-9a55-0d4b8e2f7a10");

    [Fact]
    public void Every_role_acts_as_itself_and_unit_roles_for_their_unit()
    {
        foreach (var role in HotlineRoles.All)
        {
            var user = CurrentUser.From(HotlineClaims.CreatePrincipal("test", "hl", "u1", "u", new RoleAssignment([role], role.IsUnitRole() ? Housing.ToString() : null)));
            var actor = user.ActingAs(role);
            Assert.Equal(role, actor.Role);
            Assert.Equal("u1", actor.UserId);
            Assert.Equal(role.IsUnitRole() ? Housing : null, actor.UnitId);
        }
    }

    [Fact]
    public void Acting_in_a_role_one_does_not_hold_is_refused()
    {
        var handler = CurrentUser.From(HotlineClaims.CreatePrincipal("test", "hl", "u1", "u", new RoleAssignment([HotlineRole.UnitHandler], Housing.ToString())));

        Assert.Throws<AccessDeniedException>(() => handler.ActingAs(HotlineRole.Reviewer));
        Assert.Throws<AccessDeniedException>(() => CurrentUser.Anonymous.ActingAs(HotlineRole.Dispatcher));
        Assert.Equal(HotlineRole.UnitHandler, handler.ActingAs(HotlineRole.UnitHandler).Role);
    }
}
