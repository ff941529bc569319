using Hotline.Server.Access;
using Hotline.Server.ElsaApi;
using Hotline.Server.Hosting;
using Hotline.Server.Policies;
using Hotline.Server.Studio;
using Hotline.Server.Tickets;
using Hotline.Server.Workbench;
using Hotline.Tickets.Activities;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddHostLogging();
builder.AddHotlineStore();
builder.Services.AddHotlineActivities();
builder.AddHotlineEngine();
builder.Services.AddProblemDetails();
builder.Services.AddHostHealth();
builder.Services.AddOpenApi();
builder.Services.AddElsaStudio(builder.Configuration);
builder.Services.AddElsaApi(builder.Configuration);
builder.AddHotlineAccess();
builder.Services.AddTicketApi();
builder.Services.AddHotlineWorkbench();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHotlineAccess();

app.MapOpenApi();
app.MapScalarApiReference("/api/docs");
app.MapHealthChecks("/health");
app.MapElsaStudio();
app.MapElsaApi();
app.MapTicketApi();
app.MapPolicyApi();
app.MapHotlineWorkbench();

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
