using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Attachments;

/// <summary>
/// A file uploaded for one ticket (佐证资料, 回复附件, 无法联系来电人的证明): its sanitised name, the type its content was
/// sniffed as, its size and hash, and who uploaded it when. The bytes live in the attachment store under
/// <see cref="StorageKey"/>; an action may only cite a key uploaded for the same ticket of the same tenant.
/// </summary>
public sealed class Attachment : ITenantOwned
{
    public const int MaxFileNameLength = 120;

    private Attachment()
    {
        StorageKey = TenantId = TicketNumber = FileName = ContentType = Sha256 = UploadedBy = "";
    }

    public Attachment(string tenantId, string ticketNumber, string fileName, string contentType, long length, string sha256, CurrentUser uploader, DateTimeOffset uploadedAt)
    {
        ArgumentNullException.ThrowIfNull(uploader);
        StorageKey = Guid.CreateVersion7(uploadedAt).ToString("N");
        TenantId = tenantId;
        TicketNumber = ticketNumber;
        FileName = fileName;
        ContentType = contentType;
        Length = length;
        Sha256 = sha256;
        UploadedBy = uploader.UserId;
        UploadedAt = uploadedAt;
    }

    /// <summary>Opaque, unguessable, and the attachment's id: a version-7 GUID without dashes.</summary>
    public string StorageKey { get; private set; }
    public string TenantId { get; private set; }
    public string TicketNumber { get; private set; }
    public string FileName { get; private set; }
    public string ContentType { get; private set; }
    public long Length { get; private set; }
    public string Sha256 { get; private set; }
    public string UploadedBy { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>What an action carries to cite this file.</summary>
    public AttachmentRef Ref() => new(FileName, ContentType, Length, StorageKey);
}
