namespace Hotline.Workflows.Runtime;

public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Runs the following calls inside <paramref name="tenantId"/>'s definitions, instances and bookmarks until the
    /// result is disposed, so a host asks for a tenant's instances by correlation without reaching for the engine's tables.
    /// </summary>
    public IDisposable EnterTenant(string? tenantId) => db.EnterTenant(tenantId);
}
