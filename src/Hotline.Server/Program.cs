using Hotline.Application;
using Hotline.Server.Access;
using Hotline.Server.Assessment;
using Hotline.Server.Attachments;
using Hotline.Server.Backup;
using Hotline.Server.Changes;
using Hotline.Server.ElsaApi;
using Hotline.Server.Hosting;
using Hotline.Server.Desk;
using Hotline.Server.Knowledge;
using Hotline.Server.Observability;
using Hotline.Server.Policies;
using Hotline.Server.Provisioning;
using Hotline.Server.Studio;
using Hotline.Server.Tickets;
using Hotline.Server.Units;
using Hotline.Server.Workbench;
using Hotline.Tickets.Activities;
using Scalar.AspNetCore;

if (DatabaseCommand.IsCommand(args))
{
    Environment.ExitCode = DatabaseCommand.Run(args, Console.Out, Console.Error);
    return;
}

if (ProvisionCommand.IsCommand(args))
{
    Environment.ExitCode = await ProvisionCommand.RunAsync(args, Environment.GetEnvironmentVariable(ProvisionCommand.PasswordVariable), Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddHostLogging();
builder.AddHotlineObservability();
builder.AddHotlineStore();
builder.Services.AddHotlineActivities();
builder.AddHotlineEngine();
builder.Services.AddProblemDetails();
builder.Services.AddHostHealth(builder.Configuration);
builder.Services.AddOpenApi();
builder.Services.AddElsaStudio(builder.Configuration);
builder.AddHotlineAccess();
builder.Services.AddTicketApi();
builder.Services.AddHotlineApplication();
builder.AddTicketChangeRelay();
builder.Services.AddTicketAttachments(builder.Configuration);
builder.Services.AddHotlineWorkbench();

var app = builder.Build();
app.UseTlsProxy();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Before authorization: Studio's static files and the metrics port are open (docs/access.md, "What is public").
app.MapElsaStudio();
app.UseMetricsPort();
app.UseTicketActionProfile();
app.UseHotlineAuthentication();
app.MapHotlineObservability();
app.MapHotlineAccess();

// The API reference holds no data; /health says only Healthy or not, for load balancers.
app.MapOpenApi().AllowAnonymous();
// The reference loads nothing from the internet (county networks are often closed): the bundle is served by the
// package itself, and the CDN fonts, telemetry and the AI agent are off.
app.MapScalarApiReference("/api/docs", options => options.DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp()).AllowAnonymous();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapElsaApi();
app.MapGroup("").WithTicketActionMetrics().MapTicketApi();
app.MapTicketAttachments();
app.MapUnitApi();
app.MapAssessmentApi();
app.MapKnowledgeApi();
app.MapPolicyApi();
app.MapIntakeApi();
app.MapHotlineWorkbench();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
