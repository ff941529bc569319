using Hotline.Tickets.Access;

namespace Hotline.Tickets.Attachments;

/// <summary>
/// Where an attachment's bytes are when the store is PostgreSQL's large objects (several nodes without a shared
/// folder): the large object's oid for the storage key. The row and the object are written in one transaction.
/// </summary>
public sealed class AttachmentLargeObject : ITenantOwned
{
    private AttachmentLargeObject()
    {
        StorageKey = TenantId = "";
    }

    public AttachmentLargeObject(string tenantId, string storageKey, long oid)
    {
        TenantId = tenantId;
        StorageKey = storageKey;
        Oid = oid;
    }

    public string StorageKey { get; private set; }
    public string TenantId { get; private set; }

    /// <summary>PostgreSQL's <c>oid</c> (unsigned 32 bits), kept as a 64-bit number.</summary>
    public long Oid { get; private set; }
}
