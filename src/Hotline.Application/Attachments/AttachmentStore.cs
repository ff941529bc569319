namespace Hotline.Application.Attachments;

/// <summary>Where accepted files are kept (<c>Hotline:Attachments:Store</c>).</summary>
public enum AttachmentStoreKind
{
    /// <summary>A folder, by default under the data directory; several nodes share one (NFS, SMB).</summary>
    Folder,

    /// <summary>PostgreSQL's large objects in the hotline database: several nodes without a shared folder.</summary>
    LargeObjects,
}

/// <summary>
/// The bytes of accepted attachments, by tenant and storage key: <see cref="AttachmentFolder"/> or
/// <see cref="LargeObjectStore"/>. An upload is first written to a local incoming file (<see cref="AttachmentFolder.Incoming"/>)
/// and checked there; only an accepted file reaches the store.
/// </summary>
public interface IAttachmentStore
{
    Task KeepAsync(FileStream incoming, string tenantId, string storageKey, CancellationToken cancellationToken);

    Task<Stream> OpenAsync(string tenantId, string storageKey, CancellationToken cancellationToken);

    Task DeleteAsync(string tenantId, string storageKey, CancellationToken cancellationToken);

    /// <summary>How many files a tenant has stored: what a refusal must leave unchanged.</summary>
    Task<int> CountAsync(string tenantId, CancellationToken cancellationToken);
}
