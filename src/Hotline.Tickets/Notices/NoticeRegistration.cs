using Hotline.Tickets.Notices.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Hotline.Tickets.Notices;

/// <summary>Registers the outbox, the transports chosen by configuration and the delivery worker.</summary>
public static class NoticeRegistration
{
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The <c>Hotline:Notices</c> section.</param>
    /// <param name="contentRoot">Base for a relative pickup directory.</param>
    public static IServiceCollection AddHotlineNotices<TContext>(this IServiceCollection services, IConfiguration configuration, string contentRoot)
        where TContext : DbContext
    {
        var mail = configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        mail.PickupDirectory = Path.GetFullPath(mail.PickupDirectory, contentRoot);
        var delivery = configuration.GetSection("Delivery").Get<NoticeDeliveryOptions>() ?? new NoticeDeliveryOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(mail);
        services.AddSingleton(delivery);
        services.AddSingleton(NoticeTemplates.Default);
        services.AddSingleton<NoticeOutbox>();
        services.AddSingleton<INoticeTransport>(mail.Transport == MailTransportKind.Smtp
            ? new SmtpMailTransport(mail)
            : new PickupFolderMailTransport(mail));
        services.AddSingleton<INoticeTransport, LoggingSmsTransport>();
        services.AddScoped(sp => new NoticeDelivery(
            sp.GetRequiredService<TContext>(),
            sp.GetServices<INoticeTransport>(),
            sp.GetRequiredService<TimeProvider>(),
            delivery,
            sp.GetRequiredService<ILogger<NoticeDelivery>>()));
        services.AddHostedService<NoticeDeliveryService>();
        return services;
    }
}
