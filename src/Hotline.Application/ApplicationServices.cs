using Hotline.Application.Assessment;
using Hotline.Application.Audit;
using Hotline.Application.Knowledge;
using Hotline.Application.Lifecycle;
using Hotline.Application.Queues;
using Hotline.Application.Reports;
using Hotline.Application.TicketSheets;
using Hotline.Application.Tickets;
using Hotline.Tickets.Activities;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application;

/// <summary>
/// The application layer's use cases, for the API endpoints and the workbench pages alike. The request-scoped ones take
/// the request's <c>CurrentUser</c>; the ones the workbench calls from a long-lived circuit take the user as an argument
/// and open a scope per call.
/// </summary>
public static class ApplicationServices
{
    public static IServiceCollection AddHotlineApplication(this IServiceCollection services)
    {
        // The host's side of the hotline activities' seams: the ticket's workflows in the ticket's unit of work.
        services.AddScoped<TicketWorkflows>();
        services.AddScoped<ITicketClocks>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<ITicketNotices>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<ITicketReturns>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<TicketActionRunner>();
        services.AddScoped<TicketSearch>();
        services.AddSingleton<WorkQueues>();
        services.AddSingleton<TicketReader>();
        services.AddSingleton<TicketActions>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<MonthlyReports>();
        services.AddSingleton<Assessments>();
        services.AddSingleton<AssessmentYears>();
        services.AddSingleton<KnowledgeBase>();
        services.AddSingleton<DirectAnswers>();
        return services;
    }
}
