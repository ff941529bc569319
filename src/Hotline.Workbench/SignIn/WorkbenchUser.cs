using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace Hotline.Workbench.SignIn;

/// <summary>
/// The signed-in user (当前用户) of an interactive circuit. The host's per-request <see cref="CurrentUser"/> reads
/// <c>HttpContext</c>, which a circuit no longer has after its first render; the authentication state Blazor keeps
/// for the circuit carries the same cookie claims, so the user is built from those.
/// </summary>
public sealed class WorkbenchUser(AuthenticationStateProvider authentication)
{
    public async Task<CurrentUser> GetAsync() =>
        CurrentUser.From((await authentication.GetAuthenticationStateAsync()).User);
}
