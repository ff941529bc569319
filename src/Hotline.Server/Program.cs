using Hotline.Server.Studio;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddElsaStudio(builder.Configuration);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));
app.MapElsaStudio();
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
