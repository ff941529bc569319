using MailKit.Net.Smtp;
using MailKit.Security;

namespace Hotline.Tickets.Notices.Transports;

/// <summary>Sends e-mail notices through an SMTP server (production configuration).</summary>
public sealed class SmtpMailTransport(MailOptions options) : INoticeTransport
{
    public NoticeChannel Channel => NoticeChannel.Email;

    public async Task SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var smtp = options.Smtp ?? throw new InvalidOperationException("Hotline:Notices:Mail:Smtp is not configured.");
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(MailMessageFactory.Create(notice, options), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>SMTP settings: <c>Hotline:Notices:Mail:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}
