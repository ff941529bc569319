using System.IO.Compression;
using System.Text;
using Hotline.Tickets.Attachments;

namespace Hotline.Tickets.Tests.Attachments;

/// <summary>What a file is comes from its bytes; its name is cleaned and given the sniffed kind's extension.</summary>
public sealed class FileKindTests
{
    public static TheoryData<string, byte[], string?> Samples => new()
    {
        { "pdf", "%PDF-1.4\n"u8.ToArray(), "application/pdf" },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], "image/png" },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg" },
        { "gif", "GIF89a\u0001\u0000"u8.ToArray(), "image/gif" },
        { "webp", "RIFF\u0010\u0000\u0000\u0000WEBPVP8 "u8.ToArray(), "image/webp" },
        { "wav", "RIFF\u0010\u0000\u0000\u0000WAVEfmt "u8.ToArray(), "audio/wav" },
        { "avi is no kind", "RIFF\u0010\u0000\u0000\u0000AVI LIST"u8.ToArray(), null },
        { "amr", "#!AMR\n"u8.ToArray(), "audio/amr" },
        { "mp3 with tag", "ID3\u0004\u0000"u8.ToArray(), "audio/mpeg" },
        { "mp3 frame", [0xFF, 0xFB, 0x90, 0x64], "audio/mpeg" },
        { "text", Encoding.UTF8.GetBytes("来电人称：小区门口道路破损。\r\n\t第二行"), "text/plain" },
        { "executable", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0], null },
        { "text with a NUL", "abc\0def"u8.ToArray(), null },
        { "invalid UTF-8", [0x61, 0xC3, 0x28, 0x62], null },
        { "broken zip", [(byte)'P', (byte)'K', 3, 4, 0, 0], null },
        { "empty", [], null },
        { "docx", Zip("[Content_Types].xml", "word/document.xml"), FileKind.Docx.ContentType },
        { "xlsx", Zip("[Content_Types].xml", "xl/workbook.xml"), FileKind.Xlsx.ContentType },
        { "plain zip", Zip("readme.txt", "run.exe"), null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Content_decides_the_kind(string sample, byte[] content, string? expected)
    {
        using var stream = new MemoryStream(content);
        Assert.True(expected == FileKind.Sniff(stream)?.ContentType, sample);
        Assert.Equal(0, stream.Position);
    }

    [Theory]
    [InlineData("../../etc/现场照片.png", "png", "现场照片.png")]
    [InlineData("C:\\Users\\x\\证据.PNG", "png", "证据.png")]
    [InlineData("invoice.pdf.exe", "pdf", "invoice.pdf.exe.pdf")]
    [InlineData("photo.JPEG", "jpeg", "photo.jpeg")]
    [InlineData("photo.jpg", "jpeg", "photo.jpg")]
    [InlineData("..hidden<>:\"|?*.txt", "txt", "hidden.txt")]
    [InlineData("\u202Egnp.exe", "png", "gnp.exe.png")]
    [InlineData("", "pdf", "附件.pdf")]
    [InlineData("...", "pdf", "附件.pdf")]
    public void Names_are_cleaned_and_end_in_the_sniffed_kind(string sent, string kind, string expected)
    {
        var sniffed = FileKind.All.Single(k => k.Extension == "." + (kind == "jpeg" ? "jpg" : kind));
        Assert.Equal(expected, AttachmentName.Sanitise(sent, sniffed));
    }

    [Fact]
    public void Long_names_are_cut_keeping_the_extension()
    {
        var name = AttachmentName.Sanitise(new string('长', 300) + ".pdf", FileKind.Pdf);
        Assert.Equal(Attachment.MaxFileNameLength, name.Length);
        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
    }

    private static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
                writer.Write("<x/>");
            }
        }

        return buffer.ToArray();
    }
}
