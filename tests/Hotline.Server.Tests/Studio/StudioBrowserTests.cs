using System.Text.Json.Nodes;
using Hotline.Server.Tests.ElsaApi.Fixtures;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Studio;

/// <summary>
/// The genuine Elsa Studio against this server, in Chromium: the list shows definitions, the designer opens with
/// its toolbox, an edit is autosaved and published as a new version, a run stops at its first wait and the viewer
/// shows the journal. Each test works on its own copy of the sample definition; no test leaves console errors.
/// </summary>
public sealed class StudioBrowserTests(StudioBrowser studio) : IClassFixture<StudioBrowser>
{
    private const float Timeout = 60_000;
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = Timeout };

    [Fact]
    public async Task The_definition_list_shows_the_sample_and_lets_a_process_owner_create()
    {
        var (definitionId, name) = await ImportSampleCopy("list");
        var page = await studio.OpenAsync();

        await page.Page.GotoAsync("/studio/workflows/definitions");
        await page.Page.GetByText(name).First.WaitForAsync(Visible);
        var create = page.Page.GetByRole(AriaRole.Button, new() { Name = "Create workflow" });
        await create.WaitForAsync(Visible);
        Assert.True(await create.IsEnabledAsync(), "the list's bulk-publish link unlocks Create for a process owner");
        await page.ScreenshotAsync("definition-list");

        // A row click opens the designer through the host page's editWorkflowDefinition callback.
        await page.Page.GetByText(name).First.ClickAsync();
        await page.Page.WaitForURLAsync($"**/studio/workflows/definitions/{definitionId}/edit", new() { Timeout = Timeout });
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_designer_opens_with_the_toolbox_and_an_edit_is_autosaved_and_published_as_a_new_version()
    {
        var (definitionId, _) = await ImportSampleCopy("designer");
        using var api = await studio.ApiAsync();
        await PostAsync(api, $"/elsa/api/workflow-definitions/{definitionId}/publish", "{}");  // version 1 is live
        var page = await studio.OpenAsync();

        await page.Page.GotoAsync($"/studio/workflows/definitions/{definitionId}/edit");
        foreach (var category in (string[])["Hotline", "Flow", "Branching", "Primitives", "Scheduling"])
        {
            await page.Page.GetByText(category, new() { Exact = true }).First.WaitForAsync(Visible);
        }

        await page.Page.GetByText("Dispatch to lead unit").First.WaitForAsync(Visible);
        Assert.Equal(5, await page.Page.Locator(".x6-node").CountAsync());
        Assert.Equal(4, await page.Page.Locator(".x6-edge").CountAsync());
        await page.Page.GetByText("Approved", new() { Exact = true }).First.WaitForAsync(Visible);
        await page.Page.GetByText("Rejected", new() { Exact = true }).First.WaitForAsync(Visible);
        await page.ScreenshotAsync("designer");

        // Selecting the review shows its inputs: the reviewer role is a dropdown from the descriptor.
        await page.Page.GetByText("ReviewReturn1").First.ClickAsync();
        await page.Page.GetByRole(AriaRole.Tab, new() { Name = "Input" }).First.ClickAsync();
        await page.Page.Locator("label:has-text('Reviewer role')").First.WaitForAsync(Visible);
        await page.ScreenshotAsync("designer-activity-inputs");
        await page.Page.Locator(".x6-graph-background").First.ClickAsync(new() { Force = true });

        var description = page.Page.GetByLabel("Description");
        await description.FillAsync("Edited in the designer: dispatch, then review the return.");
        await description.PressAsync("Tab");
        var draft = await WaitForAsync(api, $"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest",
            d => (string?)d["description"] == "Edited in the designer: dispatch, then review the return.");
        Assert.Equal(2, (int)draft["version"]!);
        Assert.False((bool)draft["isPublished"]!);

        await page.Page.Locator(".mud-button-group-root button.mud-primary-text").First.ClickAsync();
        var published = await WaitForAsync(api, $"/elsa/api/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Published",
            d => (int)d["version"]! == 2);
        Assert.Equal("Edited in the designer: dispatch, then review the return.", (string)published["description"]!);
        await page.ScreenshotAsync("designer-published");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Run_stops_at_the_first_wait_and_the_viewer_shows_the_journal()
    {
        var (definitionId, name) = await ImportSampleCopy("run");
        var page = await studio.OpenAsync();

        await page.Page.GotoAsync($"/studio/workflows/definitions/{definitionId}/edit");
        await page.Page.GetByText("Dispatch to lead unit").First.WaitForAsync(Visible);
        await page.Page.Locator("button.mud-success-text").First.ClickAsync();

        await page.Page.WaitForURLAsync("**/studio/workflows/instances/*/view", new() { Timeout = Timeout });
        var instanceId = page.Page.Url.Split('/')[^2];
        using var api = await studio.ApiAsync();
        var instance = await GetAsync(api, $"/elsa/api/workflow-instances/{instanceId}");
        Assert.Equal("Suspended", (string)instance["subStatus"]!);

        // The journal names each step by its descriptor and event; the run stopped at the review.
        await page.Page.GetByText("Dispatch ticket - Completed").First.WaitForAsync(Visible);
        await page.Page.GetByText("Review return - Suspended").First.WaitForAsync(Visible);
        await page.ScreenshotAsync("instance-viewer");

        await page.Page.GotoAsync("/studio/workflows/instances");
        await page.Page.GetByText(name).First.WaitForAsync(Visible);
        await page.ScreenshotAsync("instance-list");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_auditor_sees_the_designer_read_only()
    {
        var (definitionId, _) = await ImportSampleCopy("auditor");
        var page = await studio.OpenAsync(HotlineRole.Auditor);

        await page.Page.GotoAsync($"/studio/workflows/definitions/{definitionId}/edit");
        await page.Page.GetByText("Dispatch to lead unit").First.WaitForAsync(Visible);
        await page.Page.GetByText("read-only", new() { Exact = false }).First.WaitForAsync(Visible);
        await page.ScreenshotAsync("designer-read-only");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Studio_switches_screens_in_place_in_chinese_and_beijing_time_without_loading_the_app_again()
    {
        var (definitionId, name) = await ImportSampleCopy("screens");
        using var api = await studio.ApiAsync();
        await PostAsync(api, $"/elsa/api/workflow-definitions/{definitionId}/publish", "{}");
        var run = await api.PostAsync(new Uri($"/elsa/api/workflow-definitions/{definitionId}/execute", UriKind.Relative), null, TestContext.Current.CancellationToken);
        var instanceId = run.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var createdAt = (await GetAsync(api, $"/elsa/api/workflow-instances/{instanceId}"))["createdAt"]!.GetValue<DateTimeOffset>();
        // zh-CN's general format in Beijing time; ICU versions write 8:38:02, 08:38:02 or 上午8:38:02.
        var local = TimeZoneInfo.ConvertTime(createdAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var beijing = new System.Text.RegularExpressions.Regex(
            $@"{local.Year}/{local.Month}/{local.Day}\s*(0?{local.Hour}|[上下]午\s*0?{(local.Hour % 12 == 0 ? 12 : local.Hour % 12)}):{local.Minute:00}:{local.Second:00}");

        var page = await studio.OpenAsync();
        var appFiles = 0;
        page.Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/_framework/", StringComparison.Ordinal) && (request.Url.EndsWith(".wasm", StringComparison.Ordinal)
                || request.Url.EndsWith(".dll", StringComparison.Ordinal) || request.Url.EndsWith(".dat", StringComparison.Ordinal)
                || request.Url.EndsWith("blazor.webassembly.js", StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref appFiles);
            }
        };
        await page.Page.GotoAsync("/studio/workflows/definitions");
        await page.Page.GetByText(name).First.WaitForAsync(Visible);
        var loaded = appFiles;
        Assert.True(loaded > 0, "the first screen loads the app");
        await page.Page.EvaluateAsync("() => window.hotlineStudioLoadedOnce = true");

        // The menu → instance list, in Beijing time and with MudBlazor's texts in Chinese.
        await page.Page.Locator(".hotline-studio-nav a[data-section='instances']").ClickAsync();
        await page.Page.WaitForURLAsync("**/studio/workflows/instances", new() { Timeout = Timeout });
        await page.Page.GetByText(instanceId).First.WaitForAsync(Visible);
        await page.ScreenshotAsync("studio-instance-list-zh");
        Assert.True(page.Errors.Count == 0, string.Join(" | ", page.Errors));
        await page.Page.GetByText(beijing).First.WaitForAsync(Visible);
        await page.Page.GetByText(new System.Text.RegularExpressions.Regex(@"共\s*\d+\s*个")).First.WaitForAsync(Visible);

        // A row → the viewer (the list's callback); back → the list; the menu → definitions; a row → the designer.
        await page.Page.GetByText(instanceId).First.ClickAsync();
        await page.Page.WaitForURLAsync($"**/studio/workflows/instances/{instanceId}/view", new() { Timeout = Timeout });
        await page.Page.GetByText("Review return - Suspended").First.WaitForAsync(Visible);
        await page.Page.GoBackAsync();
        await page.Page.WaitForURLAsync("**/studio/workflows/instances", new() { Timeout = Timeout });
        await page.Page.GetByText(instanceId).First.WaitForAsync(Visible);
        await page.Page.Locator(".hotline-studio-nav a[data-section='definitions']").ClickAsync();
        await page.Page.GetByText(name).First.ClickAsync();
        await page.Page.WaitForURLAsync($"**/studio/workflows/definitions/{definitionId}/edit", new() { Timeout = Timeout });
        await page.Page.GetByText("Dispatch to lead unit").First.WaitForAsync(Visible);

        Assert.Equal(loaded, appFiles);
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.hotlineStudioLoadedOnce === true"), "the page was loaded again");
        Assert.Equal("/", await page.Page.Locator("#studio-back").GetAttributeAsync("href"));
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    /// <summary>The lifecycle definitions the product ships in the repository's <c>workflows/</c> folder.</summary>
    public static TheoryData<string> ShippedWorkflows => new(Directory.GetFiles(WorkflowsFolder(), "*.json").Select(f => Path.GetFileName(f)).Order());

    [Theory]
    [MemberData(nameof(ShippedWorkflows))]
    public async Task Every_shipped_workflow_opens_in_the_designer_with_all_its_nodes_and_no_errors(string file)
    {
        var definition = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(WorkflowsFolder(), file), TestContext.Current.CancellationToken))!.AsObject();
        var definitionId = (string)definition["definitionId"]!;
        var root = definition["root"]!;
        using var api = await studio.ApiAsync();
        await PostAsync(api, "/elsa/api/workflow-definitions/import", definition.ToJsonString());
        var page = await studio.OpenAsync();

        await page.Page.GotoAsync($"/studio/workflows/definitions/{definitionId}/edit");
        // The canvas draws nodes first and edges after; wait for both counts rather than reading them once.
        await Assertions.Expect(page.Page.Locator(".x6-node")).ToHaveCountAsync(root["activities"]!.AsArray().Count, new() { Timeout = Timeout });
        await Assertions.Expect(page.Page.Locator(".x6-edge")).ToHaveCountAsync(root["connections"]!.AsArray().Count, new() { Timeout = Timeout });
        await page.ScreenshotAsync($"workflow-{definitionId}");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    private static string WorkflowsFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Hotline.Elsa.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine(folder?.FullName ?? throw new InvalidOperationException("Hotline.Elsa.sln not found above the test output."), "workflows");
    }

    /// <summary>Imports the sample under its own ids and name, so tests sharing the server never meet.</summary>
    private async Task<(string DefinitionId, string Name)> ImportSampleCopy(string suffix)
    {
        var sample = SampleDefinition.Load();
        var definitionId = $"{SampleDefinition.DefinitionId}-{suffix}";
        var name = $"Hotline sample ({suffix})";
        sample["definitionId"] = definitionId;
        sample["id"] = $"{definitionId}-v1";
        sample["name"] = name;
        using var api = await studio.ApiAsync();
        await PostAsync(api, "/elsa/api/workflow-definitions/import", sample.ToJsonString());
        return (definitionId, name);
    }

    private static async Task PostAsync(HttpClient api, string path, string json)
    {
        var response = await api.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    private static async Task<JsonObject> GetAsync(HttpClient api, string path) =>
        JsonNode.Parse(await api.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken))!.AsObject();

    /// <summary>Polls the API until Studio's debounced save has landed.</summary>
    private static async Task<JsonObject> WaitForAsync(HttpClient api, string path, Func<JsonObject, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await api.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)) is JsonObject body && done(body))
            {
                return body;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{path} never reached the expected state");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
