namespace Hotline.Tickets.Notices.Transports;

/// <summary>Sends one notice over one channel. Throwing means "not sent"; delivery retries later.</summary>
public interface INoticeTransport
{
    NoticeChannel Channel { get; }

    Task SendAsync(Notice notice, CancellationToken cancellationToken);
}
