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
        var stem = Path.GetExtension(name).Equals(kind.Extension, StringComparison.OrdinalIgnoreCase)
            || (kind == FileKind.Jpeg && Path.GetExtension(name).Equals(".jpeg", StringComparison.OrdinalIgnoreCase))
            ? Path.GetFileNameWithoutExtension(name)
            : name;
        var extension = kind == FileKind.Jpeg && name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase) ? ".jpeg" : kind.Extension;
        stem = stem.TrimEnd('.', ' ');
        if (stem.Length == 0)
            stem = "附件";
        var room = Attachment.MaxFileNameLength - extension.Length;
        return (stem.Length > room ? stem[..room] : stem) + extension;
    }
}
