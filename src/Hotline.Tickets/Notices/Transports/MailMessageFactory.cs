using MimeKit;

namespace Hotline.Tickets.Notices.Transports;

/// <summary>Builds the MIME message for an e-mail notice. The Message-Id is the notice id, so a receiving
/// server or a reader can recognise a repeat of the same notice.</summary>
internal static class MailMessageFactory
{
    public static MimeMessage Create(Notice notice, MailOptions options)
    {
        var message = new MimeMessage
        {
            MessageId = $"{notice.Id}@{options.MessageIdDomain}",
            Subject = notice.Subject,
            Date = notice.CreatedAt,
            Body = new TextPart("plain") { Text = notice.Body },
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(notice.RecipientName ?? notice.Recipient, notice.Recipient));
        message.Headers.Add("X-Hotline-Notice", notice.Kind);
        if (notice.TicketNumber is not null)
        {
            message.Headers.Add("X-Hotline-Ticket", notice.TicketNumber);
        }

        return message;
    }
}
