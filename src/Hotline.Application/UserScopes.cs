using Hotline.Tickets.Access;
using Hotline.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application;

/// <summary>The workbench's calls come from a long-lived circuit, not a request: each opens a scope for its user.</summary>
internal static class UserScopes
{
    /// <summary>A scope that works in <paramref name="user"/>'s tenant (the tenant query filter of both contexts).</summary>
    public static AsyncServiceScope OpenFor(this IServiceScopeFactory scopes, CurrentUser user)
    {
        var scope = scopes.CreateAsyncScope();
        if (user.IsAuthenticated)
        {
            // The scope ends with the call, and the context with it: no exit needed.
            _ = scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(user.TenantId);
        }

        return scope;
    }
}
