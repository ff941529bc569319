using Microsoft.Extensions.Options;

namespace Hotline.Application.Attachments;

/// <summary>
/// The attachment files: one folder per tenant under <see cref="AttachmentOptions.Folder"/>, one file per storage key.
/// An upload is written to a hidden incoming file first and moved into place only once it was accepted, so a refused
/// or interrupted upload leaves nothing behind. Several nodes share the folder (NFS, SMB), or keep the files in
/// PostgreSQL (<see cref="LargeObjectStore"/>); the incoming files are always this folder's.
/// </summary>
public sealed class AttachmentFolder : IAttachmentStore
{
    private readonly string root;

    /// <param name="options">Its <see cref="AttachmentOptions.Folder"/> already made absolute by the host (under its data folder).</param>
    public AttachmentFolder(IOptions<AttachmentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        root = Path.GetFullPath(options.Value.Folder);
        Directory.CreateDirectory(Path.Combine(root, ".incoming"));
    }

    public string Root => root;

    /// <summary>A new, empty incoming file, deleted when closed (<see cref="KeepAsync"/> copies it first).</summary>
    public FileStream Incoming() => new(
        Path.Combine(root, ".incoming", Guid.NewGuid().ToString("N")),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>Copies the accepted incoming file to its place; the incoming one goes when it is closed.</summary>
    public async Task KeepAsync(FileStream incoming, string tenantId, string storageKey, CancellationToken cancellationToken)
    {
        var path = PathOf(tenantId, storageKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        incoming.Position = 0;
        await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await incoming.CopyToAsync(target, cancellationToken);
        }

        File.Move(partial, path);
    }

    public Task DeleteAsync(string tenantId, string storageKey, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(tenantId, storageKey));
        return Task.CompletedTask;
    }

    public Task<Stream> OpenAsync(string tenantId, string storageKey, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(PathOf(tenantId, storageKey), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous));

    public Task<int> CountAsync(string tenantId, CancellationToken cancellationToken) => Task.FromResult(
        Directory.Exists(Path.Combine(root, Segment(tenantId))) ? Directory.GetFiles(Path.Combine(root, Segment(tenantId)), "*", SearchOption.AllDirectories).Length : 0);

    private string PathOf(string tenantId, string storageKey)
    {
        if (storageKey.Length != 32 || !storageKey.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Not a storage key.", nameof(storageKey));
        return Path.Combine(root, Segment(tenantId), storageKey[..2], storageKey);
    }

    // Tenant ids are short slugs; anything that could leave the folder is refused rather than mapped.
    private static string Segment(string tenantId) =>
        tenantId.Length > 0 && tenantId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? tenantId
            : throw new ArgumentException($"Tenant id '{tenantId}' cannot name a folder.", nameof(tenantId));
}
