using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// One county's runaway workflow (a cycle with no wait) faults with an incident naming the limit, while every other
/// county goes on working; its timer does not fire again, not even after a restart.
/// </summary>
public sealed class RunawayWorkflowTests : IDisposable
{
    // The store's busy timeout: a writer that held the lock longer made the other county's calls fail (500) after it.
    private static readonly TimeSpan NormalTime = TimeSpan.FromSeconds(10);

    private readonly string folder = Directory.CreateTempSubdirectory("hotline-runaway-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task A_cycle_behind_a_timer_faults_with_the_limit_while_another_county_works_and_never_fires_again()
    {
        string instanceId;
        using (var host = new HotlineHost(folder))
        {
            using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
            await host.HoldAlarmsAsync();
            Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(RunawayDefinitions.Cycle("runaway-timer", delay: true))).StatusCode);
            instanceId = await owner.ExecuteAsync("runaway-timer");
            Assert.Equal("Suspended", (string)(await owner.InstanceAsync(instanceId))["subStatus"]!);

            host.Clock.Advance(TimeSpan.FromSeconds(3));
            var sweep = host.Services.GetRequiredService<DueTimerSweep>();
            var firing = Task.Run(() => sweep.FireDueAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
            await Task.Delay(200, TestContext.Current.CancellationToken);

            // Meanwhile another county signs in and registers a ticket, in normal time.
            var clock = Stopwatch.StartNew();
            using var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
            var signIn = clock.Elapsed;
            var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
            var register = clock.Elapsed - signIn;
            Assert.True(signIn < NormalTime, $"sign-in took {signIn}");
            Assert.True(register < NormalTime, $"register took {register}");
            Assert.StartsWith("QU", ticket.GetProperty("number").GetString(), StringComparison.Ordinal);

            Assert.Equal(1, await firing);
            var instance = await owner.InstanceAsync(instanceId);
            Assert.Equal("Faulted", (string)instance["subStatus"]!);
            var incident = Assert.Single(instance["workflowState"]!["incidents"]!.AsArray())!;
            Assert.Contains((string)incident["code"]!, (string[])["workflow.activity-limit", "workflow.time-limit"]);
            Assert.Contains("without reaching a wait", (string)incident["message"]!, StringComparison.Ordinal);
            Assert.Empty(instance["workflowState"]!["bookmarks"]!.AsArray());
            Assert.Equal(0, await TimersOfAsync(host, instanceId));
        }

        // Restarted on the same database, with the clock long past the timer: nothing fires, the instance stays faulted.
        using (var restarted = new HotlineHost(folder))
        {
            using var owner = await restarted.ClientAsync("hsb", HotlineRole.ProcessOwner);
            await restarted.HoldAlarmsAsync();
            restarted.Clock.Advance(TimeSpan.FromHours(1));

            Assert.Equal(0, await restarted.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(TestContext.Current.CancellationToken));
            var instance = await owner.InstanceAsync(instanceId);
            Assert.Equal("Faulted", (string)instance["subStatus"]!);
            Assert.Single(instance["workflowState"]!["incidents"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_cycle_run_from_the_designer_faults_with_the_limit_quickly()
    {
        using var host = new HotlineHost(folder);
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(RunawayDefinitions.Cycle("runaway-loop", delay: false))).StatusCode);
        var clock = Stopwatch.StartNew();

        var instanceId = await owner.ExecuteAsync("runaway-loop", HttpStatusCode.InternalServerError);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"execute took {clock.Elapsed}");
        var instance = await owner.InstanceAsync(instanceId);
        Assert.Equal("Faulted", (string)instance["subStatus"]!);
        var incident = Assert.Single(instance["workflowState"]!["incidents"]!.AsArray())!;
        Assert.Equal("Limit", (string)incident["category"]!);
        Assert.Contains((string)incident["code"]!, (string[])["workflow.activity-limit", "workflow.time-limit"]);
    }

    [Fact]
    public async Task A_megabyte_line_is_journalled_truncated_with_a_marker()
    {
        using var host = new HotlineHost(folder);
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        var text = new string('长', 1024 * 1024);
        var model = RunawayDefinitions.Definition(
            "long-line",
            [RunawayDefinitions.Activity("start", "Elsa.Start"), RunawayDefinitions.Activity("write", "Elsa.WriteLine", ("text", RunawayDefinitions.Literal(text)))],
            [RunawayDefinitions.Connect("start", "write")]);
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(model)).StatusCode);

        var instanceId = await owner.ExecuteAsync("long-line");

        var journal = await owner.GetFromJsonAsync<JsonNode>($"/elsa/api/workflow-instances/{instanceId}/journal?skip=0&take=50", TestContext.Current.CancellationToken);
        var line = journal!["items"]!.AsArray().Single(j => (string)j!["activityId"]! == "write" && (string)j["eventName"]! == "Completed")!;
        var message = (string)line["message"]!;
        Assert.Equal(65536 + "…[truncated: 65536 of 1048576 characters kept]".Length, message.Length);
        Assert.EndsWith("…[truncated: 65536 of 1048576 characters kept]", message, StringComparison.Ordinal);
    }

    private static async Task<int> TimersOfAsync(HotlineHost host, string instanceId)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Bookmarks
            .CountAsync(b => b.WorkflowInstanceId == instanceId, TestContext.Current.CancellationToken);
    }
}
