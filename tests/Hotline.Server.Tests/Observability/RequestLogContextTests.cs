using System.Net;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Events;

namespace Hotline.Server.Tests.Observability;

public sealed class RequestLogContextTests(LoggingHost host) : IClassFixture<LoggingHost>
{
    private static string? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: var v } ? v?.ToString() : null;

    private Task<List<LogEvent>> RequestLinesAsync(string pathPrefix, int count) => host.WaitForAsync(
        e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod}", StringComparison.Ordinal)
            && Scalar(e, "RequestPath") is { } path && path.StartsWith(pathPrefix, StringComparison.Ordinal),
        count);

    [Fact]
    public async Task Every_line_of_a_ticket_request_carries_the_tenant_the_user_and_the_ticket_number()
    {
        using var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;

        // A refused action (signing before dispatch) and a read: both are lines an operator searches for by number.
        var refused = await dispatcher.TryActAsync(number, "sign");
        Assert.False(refused.IsSuccessStatusCode);
        await dispatcher.GetJsonAsync($"/api/tickets/{number}");

        var lines = await RequestLinesAsync($"/api/tickets/{number}", 2);
        Assert.Equal(2, lines.Count);
        // Every line of those requests, the request line and whatever EF Core and the runner wrote, not only one.
        var duringRequests = host.Events.Where(e => Scalar(e, "TicketNumber") == number).ToList();
        Assert.True(duringRequests.Count > lines.Count, "only the request lines carried the ticket number");
        Assert.All(duringRequests, e =>
        {
            Assert.Equal("hsb", Scalar(e, "TenantId"));
            Assert.False(string.IsNullOrEmpty(Scalar(e, "UserId")));
        });
        Assert.All(lines, e => Assert.Equal(number, Scalar(e, "TicketNumber")));

        // The rolling JSON file (written on a background thread of its own) has the same lines.
        var filed = await FileLinesAsync(line => line.GetProperty("@mt").GetString()!.StartsWith("HTTP", StringComparison.Ordinal)
            && line.TryGetProperty("TicketNumber", out var n) && n.GetString() == number, 2);
        Assert.Equal(2, filed.Count);
        Assert.All(filed, line =>
        {
            Assert.Equal("hsb", line.GetProperty("TenantId").GetString());
            Assert.False(string.IsNullOrEmpty(line.GetProperty("UserId").GetString()));
        });
    }

    /// <summary>The file's lines (compact JSON, one per line) that match, waiting for the background writer.</summary>
    private async Task<List<System.Text.Json.JsonElement>> FileLinesAsync(Func<System.Text.Json.JsonElement, bool> match, int count)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            var found = new List<System.Text.Json.JsonElement>();
            foreach (var file in Directory.GetFiles(host.LogFolder, "hotline-*.json"))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } text)
                {
                    if (text.Length > 0 && System.Text.Json.JsonDocument.Parse(text).RootElement is var line && match(line))
                        found.Add(line);
                }
            }

            if (found.Count >= count || Environment.TickCount64 > deadline)
                return found;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Studio_instance_requests_carry_the_workflow_instance_id()
    {
        using var processOwner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        var response = await processOwner.GetAsync(new Uri("/elsa/api/workflow-instances/no-such-instance", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var line = Assert.Single(await RequestLinesAsync("/elsa/api/workflow-instances/no-such-instance", 1));
        Assert.Equal("no-such-instance", Scalar(line, "WorkflowInstanceId"));
        Assert.Equal("hsb", Scalar(line, "TenantId"));
    }

    [Fact]
    public async Task A_line_the_engine_writes_under_a_correlation_id_carries_it_as_the_ticket_number()
    {
        // As the timer sweep does while it resumes a lifecycle instance (its correlation id is the ticket number).
        var logger = host.Services.GetRequiredService<ILogger<RequestLogContextTests>>();
        using (logger.BeginScope(new Dictionary<string, object?> { ["WorkflowInstanceId"] = "instance-7", ["CorrelationId"] = "QU-20250926-0007" }))
        {
            logger.LogInformation("Deadline reached");
        }

        var line = Assert.Single(await host.WaitForAsync(e => e.MessageTemplate.Text == "Deadline reached", 1));
        Assert.Equal("QU-20250926-0007", Scalar(line, "TicketNumber"));
        Assert.Equal("instance-7", Scalar(line, "WorkflowInstanceId"));
    }

    [Fact]
    public async Task A_callers_phone_name_and_address_never_reach_the_logs_even_at_debug_level()
    {
        using var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var number = ticket.GetProperty("number").GetString()!;
        // Unmasking the phone returns it in the response and audits the read: neither may log it.
        await dispatcher.GetJsonAsync($"/api/tickets/{number}/caller/Phone?purpose=callback");
        await dispatcher.GetJsonAsync("/api/tickets?text=公积金");
        await RequestLinesAsync($"/api/tickets/{number}/caller", 1);

        string[] personal = ["13812345678", "张三丰", "新民街"];
        var rendered = host.Events.Select(e =>
        {
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            new Serilog.Formatting.Compact.CompactJsonFormatter().Format(e, text);
            return e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + text;
        }).ToList();
        Assert.NotEmpty(rendered);
        Assert.Contains(rendered, line => line.Contains(number, StringComparison.Ordinal));
        foreach (var value in personal)
        {
            Assert.DoesNotContain(rendered, line => line.Contains(value, StringComparison.Ordinal));
        }

        // The rolling JSON file a log shipper reads, too, once the writer has taken the lines of these requests.
        await FileLinesAsync(line => line.TryGetProperty("RequestPath", out var path)
            && path.GetString()!.StartsWith($"/api/tickets/{number}/caller", StringComparison.Ordinal), 1);
        var files = Directory.GetFiles(host.LogFolder, "hotline-*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var content = await new StreamReader(stream).ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.Contains(number, content, StringComparison.Ordinal);
            foreach (var value in personal)
            {
                Assert.DoesNotContain(value, content, StringComparison.Ordinal);
            }
        }
    }
}
