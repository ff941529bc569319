using Hotline.Tickets.Access;

namespace Hotline.Tickets.Attachments;

/// <summary>
/// One download of an attachment (附件查阅记录): who, in which roles, when. Written before the bytes are sent, as an
/// unmasked read of the caller's data is (<see cref="PersonalDataAccess"/>); never changed afterwards.
/// </summary>
public sealed class AttachmentDownload : ITenantOwned
{
    private AttachmentDownload()
    {
        Id = TenantId = StorageKey = TicketNumber = UserId = UserName = Roles = "";
    }

    public AttachmentDownload(Attachment attachment, CurrentUser reader, DateTimeOffset downloadedAt)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ArgumentNullException.ThrowIfNull(reader);
        Id = Guid.CreateVersion7(downloadedAt).ToString("N");
        TenantId = attachment.TenantId;
        StorageKey = attachment.StorageKey;
        TicketNumber = attachment.TicketNumber;
        UserId = reader.UserId;
        UserName = reader.UserName;
        Roles = string.Join(',', reader.Roles.Order().Select(r => r.Name()));
        DownloadedAt = downloadedAt;
    }

    public string Id { get; private set; }
    public string TenantId { get; private set; }
    public string StorageKey { get; private set; }
    public string TicketNumber { get; private set; }
    public string UserId { get; private set; }
    public string UserName { get; private set; }

    /// <summary>The reader's roles at the time of the download.</summary>
    public string Roles { get; private set; }

    public DateTimeOffset DownloadedAt { get; private set; }
}
