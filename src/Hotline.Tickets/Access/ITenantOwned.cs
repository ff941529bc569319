namespace Hotline.Tickets.Access;

/// <summary>A row that belongs to one tenant (county centre, 县级热线中心). Queries filter on it.</summary>
public interface ITenantOwned
{
    string TenantId { get; }
}

/// <summary>Tenant isolation for queries: every read goes through <see cref="OwnedBy{T}"/>.</summary>
public static class TenantQueryExtensions
{
    /// <summary>
    /// Only <paramref name="user"/>'s tenant's rows. An anonymous user gets none, so a missing
    /// sign-in can never widen a query to every tenant.
    /// </summary>
    public static IQueryable<T> OwnedBy<T>(this IQueryable<T> query, CurrentUser user) where T : class, ITenantOwned
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsAuthenticated)
            return query.Where(_ => false);
        var tenantId = user.TenantId;
        return query.Where(row => row.TenantId == tenantId);
    }
}
