namespace Hotline.Workflows.Persistence;

/// <summary>
/// The tenant (县级中心) a unit of work runs in, which the engine's and the domain's contexts of one service scope share:
/// entering it for a timer step or a job narrows both stores at once. The tenant entered last wins, else the scope's
/// own (the signed-in user's, read at each query); null is the no-tenant scope, in which a tenant-filtered query sees
/// nothing. Reads that must cross tenants opt out of the filter by name, never by leaving the tenant unset.
/// </summary>
public sealed class TenantScope(Func<string?>? ofScope = null)
{
    /// <summary>The name of both stores' tenant query filter, for <c>IgnoreQueryFilters</c>.</summary>
    public const string Filter = "Tenant";

    // A holder, so entering the no-tenant scope (null) is told apart from entering nothing.
    private Entered? entered;

    /// <summary>The tenant of this scope now; null is the no-tenant scope.</summary>
    public string? TenantId => entered is { } e ? e.TenantId : ofScope?.Invoke() is { Length: > 0 } tenant ? tenant : null;

    /// <summary>Works in <paramref name="tenantId"/> until the returned scope is disposed, then in the tenant before.</summary>
    public IDisposable Enter(string? tenantId)
    {
        var previous = entered;
        entered = new Entered(tenantId);
        return new Exit(this, previous);
    }

    private sealed record Entered(string? TenantId);

    private sealed class Exit(TenantScope scope, Entered? previous) : IDisposable
    {
        public void Dispose() => scope.entered = previous;
    }
}
