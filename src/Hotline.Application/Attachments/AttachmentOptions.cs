using Hotline.Tickets.Attachments;

namespace Hotline.Application.Attachments;

/// <summary><c>Hotline:Attachments</c>: where the files live and what may be uploaded.</summary>
public sealed class AttachmentOptions
{
    /// <summary>The folder of the files; relative to the host's data directory. Several nodes name one shared folder.</summary>
    public string Folder { get; set; } = "attachments";

    /// <summary>Where accepted files are kept: the folder (default) or PostgreSQL's large objects.</summary>
    public AttachmentStoreKind Store { get; set; } = AttachmentStoreKind.Folder;

    /// <summary>Largest file accepted, in bytes; default 20 MiB.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Content types (as sniffed) accepted; default every kind <see cref="FileKind"/> recognises.</summary>
    public IList<string> AllowedTypes { get; } = [];

    /// <summary>The kinds accepted, in <see cref="FileKind.All"/>'s order: what a form lists beside its upload button.</summary>
    public IEnumerable<FileKind> Accepted => FileKind.All.Where(Allows);

    public bool Allows(FileKind kind) =>
        AllowedTypes.Count == 0 || AllowedTypes.Contains(kind.ContentType, StringComparer.OrdinalIgnoreCase);
}
