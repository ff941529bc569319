using Hotline.Tickets.Notices.Transports;

namespace Hotline.Tickets.Notices;

/// <summary>Which mail transport delivers e-mail notices.</summary>
public enum MailTransportKind
{
    /// <summary>Write <c>.eml</c> files to <see cref="MailOptions.PickupDirectory"/>.</summary>
    Pickup,

    /// <summary>Send through <see cref="MailOptions.Smtp"/>.</summary>
    Smtp,
}

/// <summary>Mail settings for notices: <c>Hotline:Notices:Mail</c>.</summary>
public sealed class MailOptions
{
    public MailTransportKind Transport { get; set; } = MailTransportKind.Pickup;
    public string PickupDirectory { get; set; } = "pickup";
    public SmtpOptions? Smtp { get; set; }
    public string FromAddress { get; set; } = "hotline@localhost";
    public string FromName { get; set; } = "12345政务服务便民热线";
    public string MessageIdDomain { get; set; } = "hotline.local";
}
