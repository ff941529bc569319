namespace Hotline.Tickets.Notices.Transports;

/// <summary>
/// The default mail transport: writes each notice as an <c>.eml</c> file named by the notice id into a pickup
/// folder (a mail relay, or a person, collects them). Writing the same notice again replaces its file, so a
/// retried delivery never produces a second message.
/// </summary>
public sealed class PickupFolderMailTransport(MailOptions options) : INoticeTransport
{
    public NoticeChannel Channel => NoticeChannel.Email;

    public async Task SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Directory.CreateDirectory(options.PickupDirectory);
        var message = MailMessageFactory.Create(notice, options);
        var final = Path.Combine(options.PickupDirectory, notice.Id + ".eml");
        var partial = final + ".tmp";

        // Write then rename, so a collector never picks up half a message.
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, final, overwrite: true);
    }
}
