using Hotline.Application.ApiKeys;
using Hotline.Application.Assessment;
using Hotline.Application.Attachments;
using Hotline.Application.Audit;
using Hotline.Application.Calendar;
using Hotline.Application.Changes;
using Hotline.Application.Knowledge;
using Hotline.Application.Lifecycle;
using Hotline.Application.Names;
using Hotline.Application.Queues;
using Hotline.Application.Reports;
using Hotline.Application.TicketSheets;
using Hotline.Application.Tickets;
using Hotline.Application.Tickets.Admission;
using Hotline.Application.Units;
using Hotline.Application.Users;
using Hotline.Tickets.Activities;
using Hotline.Tickets.Tenants;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.AddSingleton<TicketChangeFeed>();
        services.AddScoped<TicketChangeLog>();
        services.AddScoped<TicketWorkflows>();
        services.AddScoped<ITicketClocks>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<ITicketNotices>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<ITicketReturns>(sp => sp.GetRequiredService<TicketWorkflows>());
        services.AddScoped<TicketActionRunner>();
        services.AddScoped<SignedInTenant>();
        // The host binds and validates ActionAdmissionOptions (Hotline:Tickets:Admission).
        services.AddSingleton<ActionAdmission>();
        services.AddScoped<TicketSearch>();
        services.AddScoped<ActorNames>();
        services.AddSingleton<WorkQueues>();
        services.AddSingleton<QueueArrivals>();
        services.AddSingleton<TicketReader>();
        services.AddSingleton<TicketActions>();
        services.AddSingleton<TicketMerges>();
        services.AddSingleton<TicketBatch>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<MonthlyReports>();
        services.AddSingleton<Assessments>();
        services.AddSingleton<AssessmentYears>();
        services.AddSingleton<UnitTree>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<TenantCalendar>();
        // Attachments: the host binds AttachmentOptions (its folder under the data directory); a deployment may
        // register its own virus scanner before or after this.
        services.AddSingleton<AttachmentFolder>();
        services.AddScoped<IAttachmentStore>(sp => sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Store == AttachmentStoreKind.LargeObjects
            ? ActivatorUtilities.CreateInstance<LargeObjectStore>(sp)
            : sp.GetRequiredService<AttachmentFolder>());
        services.TryAddSingleton<IAttachmentScanner, NoAttachmentScanner>();
        services.AddScoped<TicketAttachments>();
        services.AddSingleton<TicketFiles>();
        services.AddSingleton<Intake.CallerHistory>();
        services.AddSingleton<Intake.LikelyDuplicates>();
        services.AddSingleton<Intake.IntakeDesk>();
        services.AddSingleton<KnowledgeBase>();
        services.AddSingleton<DirectAnswers>();
        return services;
    }
}
