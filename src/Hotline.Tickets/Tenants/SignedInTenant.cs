namespace Hotline.Tickets.Tenants;

/// <summary>
/// The caller's tenant row as this request's session check read it: the check joins it to the session and user rows,
/// so an action needs no statement of its own for the row (and for its rules stamp, <see cref="TenantRulesCache"/>).
/// Read at the request's start, as the action's own read was before the write lock; empty for an API key, a
/// background job or a check that failed, and then the row is read as before.
/// </summary>
public sealed class SignedInTenant
{
    private Tenant? row;

    /// <summary>Records the row read with the session check; a second call (another check in the request) replaces it.</summary>
    public void Read(Tenant tenant) => row = tenant ?? throw new ArgumentNullException(nameof(tenant));

    /// <summary>The row of <paramref name="tenantId"/> if the session check read it, else null.</summary>
    public Tenant? Find(string tenantId) => row is { } tenant && string.Equals(tenant.Id, tenantId, StringComparison.Ordinal) ? tenant : null;
}
