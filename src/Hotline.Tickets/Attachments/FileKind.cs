using System.IO.Compression;
using System.Text;

namespace Hotline.Tickets.Attachments;

/// <summary>
/// A kind of file an attachment may be, known by its content (magic bytes), never by the name or Content-Type the
/// client sent: a renamed executable stays an unknown kind and is refused.
/// </summary>
public sealed record FileKind(string ContentType, string Extension)
{
    public static readonly FileKind Pdf = new("application/pdf", ".pdf");
    public static readonly FileKind Png = new("image/png", ".png");
    public static readonly FileKind Jpeg = new("image/jpeg", ".jpg");
    public static readonly FileKind Gif = new("image/gif", ".gif");
    public static readonly FileKind WebP = new("image/webp", ".webp");
    public static readonly FileKind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly FileKind Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly FileKind Text = new("text/plain", ".txt");
    public static readonly FileKind Mp3 = new("audio/mpeg", ".mp3");
    public static readonly FileKind Wav = new("audio/wav", ".wav");
    public static readonly FileKind Amr = new("audio/amr", ".amr");

    public static IReadOnlyList<FileKind> All { get; } = [Pdf, Png, Jpeg, Gif, WebP, Docx, Xlsx, Text, Mp3, Wav, Amr];

    /// <summary>What <paramref name="content"/> (seekable, read from the start) is, or null for anything else.</summary>
    public static FileKind? Sniff(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = new byte[8192];
        content.Position = 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var bytes = head.AsSpan(0, read);
        content.Position = 0;
        if (read == 0)
            return null;
        if (bytes.StartsWith("%PDF-"u8))
            return Pdf;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return Png;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return Jpeg;
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
            return Gif;
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8))
            return bytes[8..12].SequenceEqual("WEBP"u8) ? WebP : bytes[8..12].SequenceEqual("WAVE"u8) ? Wav : null;
        if (bytes.StartsWith("#!AMR"u8))
            return Amr;
        if (bytes.StartsWith("ID3"u8) || (bytes.Length >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE6) == 0xE2))
            return Mp3;
        if (bytes.StartsWith("PK\u0003\u0004"u8))
            return Office(content);
        return IsText(bytes, complete: read < head.Length) ? Text : null;
    }

    /// <summary>A zip is allowed only as a Word or Excel document; any other archive could carry anything.</summary>
    private static FileKind? Office(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            return !names.Contains("[Content_Types].xml") ? null
                : names.Contains("word/document.xml") ? Docx
                : names.Contains("xl/workbook.xml") ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>UTF-8 without control characters besides tab and line breaks; a sequence cut off at the sample's end is fine.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes, bool complete)
    {
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData && !complete)
                return true;
            if (status != System.Buffers.OperationStatus.Done)
                return false;
            if (Rune.IsControl(rune) && rune.Value is not ('\t' or '\n' or '\r' or '\f'))
                return false;
            bytes = bytes[consumed..];
        }

        return true;
    }
}
