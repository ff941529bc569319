using System.Security.Claims;
using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tests.Access;

public sealed class RoleAssignmentTests
{
    [Fact]
    public void Unit_roles_need_a_unit_and_centre_roles_must_not_have_one()
    {
        Assert.Equal("housing", new RoleAssignment([HotlineRole.UnitHandler], " housing ").UnitCode);
        Assert.Throws<ArgumentException>(() => new RoleAssignment([HotlineRole.UnitLeader], null));
        Assert.Throws<ArgumentException>(() => new RoleAssignment([HotlineRole.Reviewer], "housing"));
        Assert.Throws<ArgumentException>(() => new RoleAssignment([], null));
        Assert.Throws<ArgumentException>(() => new RoleAssignment([(HotlineRole)99], null));
    }

    [Theory]
    [InlineData(HotlineRole.UnitHandler, "unit-handler")]
    [InlineData(HotlineRole.EscalationReviewer, "escalation-reviewer")]
    [InlineData(HotlineRole.ProcessOwner, "process-owner")]
    [InlineData(HotlineRole.Admin, "admin")]
    public void Role_names_are_kebab_case_and_parse_back_in_either_form(HotlineRole role, string name)
    {
        Assert.Equal(name, role.Name());
        Assert.Equal(role, HotlineRoles.Parse(name));
        Assert.Equal(role, HotlineRoles.Parse(role.ToString()));
    }

    [Theory]
    [InlineData("janitor")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_role_names_parse_to_nothing(string? name)
    {
        Assert.Null(HotlineRoles.Parse(name));
    }

    [Fact]
    public void Storage_form_round_trips()
    {
        var roles = new RoleAssignment([HotlineRole.UnitLeader, HotlineRole.UnitHandler], "housing");

        Assert.Equal("unit-handler,unit-leader", roles.ToStorage());
        Assert.Equal(roles, RoleAssignment.FromStorage(roles.ToStorage(), "housing"));
    }

    [Fact]
    public void Current_user_reads_back_the_principal_the_sign_in_made()
    {
        var principal = HotlineClaims.CreatePrincipal("test", "qu", "u1", "unit-handler",
            new RoleAssignment([HotlineRole.UnitHandler], "water"));

        var user = CurrentUser.From(principal);

        Assert.True(user.IsAuthenticated);
        Assert.Equal(("qu", "u1", "unit-handler", "water"), (user.TenantId, user.UserId, user.UserName, user.UnitCode));
        Assert.True(user.IsInRole(HotlineRole.UnitHandler));
        Assert.False(user.IsInRole(HotlineRole.Dispatcher));
        Assert.True(user.BelongsTo("qu"));
        Assert.False(user.BelongsTo("hk"));
    }

    [Fact]
    public void An_unauthenticated_principal_is_anonymous_and_belongs_nowhere()
    {
        var user = CurrentUser.From(new ClaimsPrincipal(new ClaimsIdentity([new Claim(HotlineClaims.TenantId, "qu")])));

        Assert.False(user.IsAuthenticated);
        Assert.False(user.BelongsTo("qu"));
        Assert.False(user.BelongsTo(""));
        Assert.False(user.IsAllowed(HotlineAction.ReadTickets));
    }

    [Fact]
    public void The_request_log_identifies_exactly_the_principals_the_current_user_takes_for_signed_in()
    {
        var signedIn = HotlineClaims.CreatePrincipal("test", "qu", "u1", "unit-handler", new RoleAssignment([HotlineRole.UnitHandler], "water"));
        Assert.True(CurrentUser.TryIdentify(signedIn, out var tenantId, out var userId));
        Assert.Equal(("qu", "u1"), (tenantId, userId));

        ClaimsPrincipal[] notSignedIn =
        [
            new(new ClaimsIdentity([new Claim(HotlineClaims.TenantId, "qu"), new Claim(ClaimTypes.NameIdentifier, "u1")])), // not authenticated
            new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "test")), // no tenant
            new(new ClaimsIdentity([new Claim(HotlineClaims.TenantId, "qu")], "test")), // no user
        ];
        Assert.All(notSignedIn, principal =>
        {
            Assert.False(CurrentUser.TryIdentify(principal, out _, out _));
            Assert.False(CurrentUser.From(principal).IsAuthenticated);
        });
    }
}
