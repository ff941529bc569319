using Hotline.Tickets.Attachments;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Attachments;

/// <summary>
/// Attachments as PostgreSQL large objects: <c>lo_create</c> and <c>lo_put</c> in chunks, the oid kept in
/// <see cref="AttachmentLargeObject"/>, both in one transaction, so a failed upload leaves no orphan object. Read back
/// whole (a file is at most <see cref="AttachmentOptions.MaxBytes"/>).
/// </summary>
public sealed class LargeObjectStore(HotlineDbContext db) : IAttachmentStore
{
    private const int Chunk = 1024 * 1024;

    public async Task KeepAsync(FileStream incoming, string tenantId, string storageKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var oid = await db.Database.SqlQuery<long>($"SELECT lo_create(0)::bigint AS \"Value\"").SingleAsync(cancellationToken);
        incoming.Position = 0;
        var buffer = new byte[Chunk];
        long offset = 0;
        int read;
        while ((read = await incoming.ReadAtLeastAsync(buffer, Chunk, throwOnEndOfStream: false, cancellationToken)) > 0)
        {
            var part = buffer[..read];
            await db.Database.ExecuteSqlAsync($"SELECT lo_put({oid}::oid, {offset}, {part})", cancellationToken);
            offset += read;
        }

        db.Add(new AttachmentLargeObject(tenantId, storageKey, oid));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<Stream> OpenAsync(string tenantId, string storageKey, CancellationToken cancellationToken)
    {
        var oid = await OidAsync(tenantId, storageKey, cancellationToken)
            ?? throw new FileNotFoundException($"No large object holds attachment {storageKey}.");
        var bytes = await db.Database.SqlQuery<byte[]>($"SELECT lo_get({oid}::oid) AS \"Value\"").SingleAsync(cancellationToken);
        return new MemoryStream(bytes, writable: false);
    }

    public async Task DeleteAsync(string tenantId, string storageKey, CancellationToken cancellationToken)
    {
        var row = await db.Set<AttachmentLargeObject>().SingleOrDefaultAsync(o => o.TenantId == tenantId && o.StorageKey == storageKey, cancellationToken);
        if (row is null)
            return;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT lo_unlink({row.Oid}::oid)", cancellationToken);
        db.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<int> CountAsync(string tenantId, CancellationToken cancellationToken) =>
        db.Set<AttachmentLargeObject>().CountAsync(o => o.TenantId == tenantId, cancellationToken);

    private async Task<long?> OidAsync(string tenantId, string storageKey, CancellationToken cancellationToken) =>
        await db.Set<AttachmentLargeObject>().AsNoTracking()
            .Where(o => o.TenantId == tenantId && o.StorageKey == storageKey).Select(o => (long?)o.Oid).SingleOrDefaultAsync(cancellationToken);
}
