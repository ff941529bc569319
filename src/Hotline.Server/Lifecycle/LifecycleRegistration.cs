using Hotline.Application.Lifecycle;
using Hotline.Tickets.Activities;

namespace Hotline.Server.Lifecycle;

/// <summary>Registers <see cref="TicketWorkflows"/> as the host's side of the hotline activities' seams.</summary>
public static class LifecycleRegistration
{
    public static IServiceCollection AddTicketLifecycle(this IServiceCollection services)
    {
        services.AddScoped<TicketWorkflows>();
        services.AddScoped<ITicketClocks>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<ITicketNotices>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<ITicketReturns>(sp => sp.GetRequiredService<TicketWorkflows>());
        return services;
    }
}
