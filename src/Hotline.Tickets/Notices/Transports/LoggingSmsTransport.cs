using Microsoft.Extensions.Logging;

namespace Hotline.Tickets.Notices.Transports;

/// <summary>
/// The SMS channel until a county connects its SMS gateway: logs that a message would be sent, with the mobile
/// number masked. A gateway is another <see cref="INoticeTransport"/> for <see cref="NoticeChannel.Sms"/>.
/// </summary>
public sealed partial class LoggingSmsTransport(ILogger<LoggingSmsTransport> logger) : INoticeTransport
{
    public NoticeChannel Channel => NoticeChannel.Sms;

    public Task SendAsync(Notice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var masked = MaskMobile(notice.Recipient);
        LogSms(notice.Id, masked, notice.Kind, notice.TicketNumber);
        return Task.CompletedTask;
    }

    // Personal data stays out of logs: keep the first three and last four digits.
    private static string MaskMobile(string mobile) =>
        mobile.Length >= 7 ? string.Concat(mobile.AsSpan(0, 3), new string('*', mobile.Length - 7), mobile.AsSpan(mobile.Length - 4)) : "****";

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS notice {NoticeId} to {Mobile}: {Kind} for ticket {TicketNumber}")]
    private partial void LogSms(string noticeId, string mobile, string kind, string? ticketNumber);
}
