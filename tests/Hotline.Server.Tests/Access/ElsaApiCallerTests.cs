using Hotline.Server.Access;
using Hotline.Server.ElsaApi;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Http;

namespace Hotline.Server.Tests.Access;

/// <summary>The Elsa API reads the principal this module signs in: process owners design, others read, each in their tenant.</summary>
public sealed class ElsaApiCallerTests
{
    [Theory]
    [InlineData(HotlineRole.ProcessOwner, true)]
    [InlineData(HotlineRole.Admin, true)]
    [InlineData(HotlineRole.Auditor, false)]
    [InlineData(HotlineRole.Dispatcher, false)]
    public void Signed_in_roles_reach_the_Elsa_API_as_designers_or_readers(HotlineRole role, bool designs)
    {
        var user = new User("hsb", role.Name(), role.Title(), new RoleAssignment([role], null), DateTimeOffset.UnixEpoch);
        var http = new DefaultHttpContext { User = AccountSignIn.PrincipalFor(user, AccessSchemes.Cookie) };

        var caller = StudioCaller.From(http);

        Assert.Equal((designs, "hsb", role.Name()), (caller.CanDesign, caller.TenantId, caller.UserName));
    }
}
