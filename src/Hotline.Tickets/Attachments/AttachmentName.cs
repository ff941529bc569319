namespace Hotline.Tickets.Attachments;

/// <summary>
/// A file name safe to store and to send back in Content-Disposition: no folders, no control or reserved characters,
/// no leading dots, at most <see cref="Attachment.MaxFileNameLength"/> characters, and the extension of the kind its
/// content was sniffed as (so <c>invoice.pdf.exe</c> holding a PDF is kept as <c>invoice.pdf.pdf</c>, never as .exe).
/// </summary>
public static class AttachmentName
{
    private static readonly char[] Reserved = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    public static string Sanitise(string? sent, FileKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var name = (sent ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && !Reserved.Contains(c) && c is not ('\u200B' or '\u202E' or '\uFEFF')).ToArray());
        name = name.Trim().TrimStart('.').Trim();
        var sentExtension = Path.GetExtension(name);
        var same = sentExtension.Equals(kind.Extension, StringComparison.OrdinalIgnoreCase)
            || (kind == FileKind.Jpeg && sentExtension.Equals(".jpeg", StringComparison.OrdinalIgnoreCase));
        var stem = same ? Path.GetFileNameWithoutExtension(name) : name;
        // The extension is always the kind's, in lower case; .jpeg stays .jpeg.
        var extension = same && kind == FileKind.Jpeg ? sentExtension.ToLowerInvariant() : kind.Extension;
        stem = stem.TrimEnd('.', ' ');
        if (stem.Length == 0)
            stem = "附件";
        var room = Attachment.MaxFileNameLength - extension.Length;
        return (stem.Length > room ? stem[..room] : stem) + extension;
    }
}
