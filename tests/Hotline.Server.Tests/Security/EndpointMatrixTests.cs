using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using A = Hotline.Tickets.Access.HotlineAction;
using R = Hotline.Tickets.Access.HotlineRole;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// Every endpoint the host maps, from its <see cref="EndpointDataSource"/>, against one table of who may call it:
/// no credentials → 401 (a workbench page: a redirect to sign-in) unless the table opens it; each role of a tenant →
/// allowed or 403; a user of one tenant naming the other tenant's ticket, user, key, day or instance → 404. An
/// endpoint missing from the table fails the test, so a new one is decided on, not left open.
/// </summary>
public sealed class EndpointMatrixTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private const string Home = "hsb";
    private const string Other = "hl";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly R[] Designers = [R.ProcessOwner, R.Admin];

    /// <summary>"METHOD pattern" → who may call. Ticket actions take their roles from the regulations' table (ActionPermissions).</summary>
    private static readonly Dictionary<string, Rule> Table = new()
    {
        // Sign-in: open by nature. An empty body is a validation problem; a missing refresh token is a refused refresh.
        ["POST /api/auth/login"] = Open(HttpStatusCode.BadRequest),
        ["POST /api/auth/token"] = Open(HttpStatusCode.BadRequest),
        ["POST /api/auth/refresh"] = Open(HttpStatusCode.Unauthorized),
        // Ends whatever session the request carries; without one there is nothing to end.
        ["POST /api/auth/logout"] = Open(HttpStatusCode.NoContent),
        ["POST /elsa/api/identity/login"] = Open(HttpStatusCode.OK),
        ["POST /elsa/api/identity/refresh-token"] = Open(HttpStatusCode.OK),
        // Load balancers ask; the answer is only Healthy, Degraded or Unhealthy.
        ["* /health"] = Open(HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable),
        // The API reference describes the API and holds no data.
        ["GET /openapi/{documentName}.json"] = Open(HttpStatusCode.OK),
        ["GET /api/docs/{documentName?}"] = Open(HttpStatusCode.OK),
        ["GET /api/docs/scalar.js"] = Open(HttpStatusCode.OK),
        ["GET /api/docs/scalar.aspnetcore.js"] = Open(HttpStatusCode.OK),
        ["GET /api/docs/favicon.svg"] = Open(HttpStatusCode.OK),
        // Studio's host pages: without a session they are Studio's sign-in form (401), or 503 without the package.
        ["GET /studio"] = Open(HttpStatusCode.Redirect),
        ["GET /workflows/definitions/{definitionId}/edit"] = Open(HttpStatusCode.Redirect),
        ["GET /workflows/instances/{instanceId}/view"] = Open(HttpStatusCode.Redirect),
        ["GET /studio/appsettings.json"] = Open(HttpStatusCode.OK),
        ["GET /studio/workflows/definitions"] = Open(HttpStatusCode.Unauthorized),
        ["GET /studio/workflows/definitions/{definitionId}/edit"] = Open(HttpStatusCode.Unauthorized),
        ["GET /studio/workflows/instances"] = Open(HttpStatusCode.Unauthorized),
        ["GET /studio/workflows/instances/{instanceId}/view"] = Open(HttpStatusCode.Unauthorized),
        ["GET /studio/{**path}"] = Open(HttpStatusCode.ServiceUnavailable),
        // The workbench: its sign-in page is open; every other page sends a stranger there.
        ["GET,POST /sign-in"] = Open(HttpStatusCode.OK),
        ["GET,POST /"] = Page,
        ["GET,POST /queues/{Name}"] = Page,
        ["GET,POST /tickets/{Number}"] = Page,
        ["GET,POST /audit"] = Page,
        ["GET,POST /intake"] = Page,
        ["GET,POST /reports"] = Page,
        ["GET,POST /assessment"] = Page,
        ["GET,POST /admin/users"] = Page,
        ["GET,POST /admin/api-keys"] = Page,
        ["GET,POST /admin/units"] = Page,
        ["GET,POST /admin/calendar"] = Page,
        ["GET,POST /knowledge"] = Page,
        // Blazor's circuit: only a signed-in page opens one.
        ["* /_blazor"] = SignedIn(),
        ["* /_blazor/negotiate"] = SignedIn(),
        ["* /_blazor/disconnect/"] = SignedIn(),
        ["* /_blazor/initializers/"] = SignedIn(),
        ["GET /_framework/opaque-redirect"] = SignedIn(),
        // Development only: wwwroot files outside the static-asset manifest.
        ["GET,HEAD {**path:file}"] = SignedIn(),

        ["GET /api/auth/me"] = SignedIn(),
        ["GET /api/access/users/"] = Roles([R.Admin]),
        ["POST /api/access/users/"] = Roles([R.Admin]),
        ["PUT /api/access/users/{id}/roles"] = Roles([R.Admin], Owned.User),
        ["POST /api/access/users/{id}/disable"] = Roles([R.Admin], Owned.User),
        ["POST /api/access/users/{id}/enable"] = Roles([R.Admin], Owned.User),
        ["PUT /api/access/users/{id}/password"] = Roles([R.Admin], Owned.User),
        ["GET /api/access/api-keys/"] = Roles([R.Admin]),
        ["POST /api/access/api-keys/"] = Roles([R.Admin]),
        ["DELETE /api/access/api-keys/{id}"] = Roles([R.Admin], Owned.ApiKey),
        ["GET /api/calendar/days/"] = Roles([R.Admin]),
        ["PUT /api/calendar/days/{date}"] = Roles([R.Admin]),
        ["DELETE /api/calendar/days/{date}"] = Roles([R.Admin], Owned.CalendarDay),
        ["GET /api/access/personal-data-accesses"] = Roles([R.Auditor]),
        // Every ticket reader finds the unit ids dispatch needs; only the administrator changes units.
        ["GET /api/units/"] = Acts(A.ManageUnits, A.ReadTickets),
        ["GET /api/units/{id}"] = Roles([R.Admin], Owned.Unit),
        ["POST /api/units/"] = Roles([R.Admin]),
        ["PUT /api/units/{id}/name"] = Roles([R.Admin], Owned.Unit),
        ["PUT /api/units/{id}/parent"] = Roles([R.Admin], Owned.Unit),
        ["PUT /api/units/{id}/leaders"] = Roles([R.Admin], Owned.Unit),
        ["PUT /api/units/{id}/liaisons"] = Roles([R.Admin], Owned.Unit),
        ["POST /api/units/{id}/retire"] = Roles([R.Admin], Owned.Unit),
        ["GET /api/assessment/"] = Acts(A.ReadAssessment),
        ["PUT /api/assessment/units/{id}"] = Acts(Owned.Unit, A.RateUnits),
        ["DELETE /api/assessment/units/{id}"] = Acts(Owned.Unit, A.RateUnits),
        // 知识库: readers of tickets read it; units and the centre's reviewer write; the centre publishes (docs/knowledge.md).
        ["GET /api/knowledge/articles/"] = Acts(A.ReadKnowledge),
        ["POST /api/knowledge/articles/suggestions"] = Acts(A.ReadKnowledge),
        ["GET /api/knowledge/articles/{id}"] = Acts(Owned.Article, A.ReadKnowledge),
        ["GET /api/knowledge/articles/{id}/revisions"] = Acts(Owned.Article, A.ReadKnowledge),
        ["POST /api/knowledge/articles/"] = Acts(A.EditKnowledge),
        ["PUT /api/knowledge/articles/{id}"] = Acts(Owned.Article, A.EditKnowledge),
        ["POST /api/knowledge/articles/{id}/submit"] = Acts(Owned.Article, A.EditKnowledge),
        ["POST /api/knowledge/articles/{id}/publish"] = Acts(Owned.Article, A.PublishKnowledge),
        ["POST /api/knowledge/articles/{id}/send-back"] = Acts(Owned.Article, A.PublishKnowledge),
        ["POST /api/knowledge/articles/{id}/retire"] = Acts(Owned.Article, A.RetireKnowledge),
        ["POST /api/knowledge/direct-answers"] = Acts(A.Register),
        ["GET /api/policy/"] = SignedIn(),
        ["PUT /api/policy/"] = Roles([R.Admin]),

        ["GET /api/exports/tickets.csv"] = Acts(A.ReadAudit),
        ["GET /api/exports/tickets.xlsx"] = Acts(A.ReadAudit),
        ["GET /api/exports/monthly-report.xlsx"] = Acts(A.ReadAssessment),
        ["GET /api/exports/assessment.xlsx"] = Acts(A.ReadAssessment),

        // Searching narrows to what the caller may see (a unit its own tickets, roles without tickets nothing).
        ["GET /api/tickets/"] = SignedIn(),
        ["GET /api/tickets/{number}"] = Acts(Owned.Ticket, A.ReadTickets),
        // Any signed-in caller may ask; the ticket must be theirs to see, and the field theirs to read (audited).
        ["GET /api/tickets/{number}/caller/{field}"] = SignedIn(Owned.Ticket),
        ["POST /api/tickets/{number}/attachments/"] = Acts(Owned.Ticket, Hotline.Application.Attachments.TicketAttachments.Uploaders),
        ["GET /api/tickets/{number}/attachments/{storageKey}"] = Acts(Owned.Ticket, A.ReadTickets),
        ["GET /api/queues"] = SignedIn(),
        // Each queue names its roles; the one in the URL here is to-dispatch.
        ["GET /api/queues/{queue}"] = Roles([R.Dispatcher]),
        ["POST /api/tickets/"] = Acts(A.Register),
        ["POST /api/tickets/{number}/reject"] = Acts(Owned.Ticket, A.Reject),
        ["POST /api/tickets/{number}/redirect-emergency"] = Acts(Owned.Ticket, A.RedirectEmergency),
        ["POST /api/tickets/{number}/dispatch"] = Acts(Owned.Ticket, A.Dispatch),
        ["POST /api/tickets/{number}/redispatch"] = Acts(Owned.Ticket, A.Redispatch),
        ["POST /api/tickets/{number}/reassign"] = Acts(Owned.Ticket, A.Dispatch),
        ["POST /api/tickets/{number}/sign"] = Acts(Owned.Ticket, A.Sign),
        ["POST /api/tickets/{number}/first-contact"] = Acts(Owned.Ticket, A.FirstContact),
        ["POST /api/tickets/{number}/urgent-response"] = Acts(Owned.Ticket, A.Reply),
        ["POST /api/tickets/{number}/co-units"] = Acts(Owned.Ticket, A.AddCoUnit),
        ["POST /api/tickets/{number}/co-unit-opinion"] = Acts(Owned.Ticket, A.GiveCoUnitOpinion),
        ["POST /api/tickets/{number}/countersign-reply"] = Acts(Owned.Ticket, A.Reply),
        ["POST /api/tickets/{number}/return"] = Acts(Owned.Ticket, A.RequestReturn),
        ["POST /api/tickets/{number}/return/approve"] = Acts(Owned.Ticket, A.DecideEscalatedReturn, A.ReviewReturn),
        ["POST /api/tickets/{number}/return/reject"] = Acts(Owned.Ticket, A.DecideEscalatedReturn, A.ReviewReturn),
        ["POST /api/tickets/{number}/extension"] = Acts(Owned.Ticket, A.RequestExtension),
        ["POST /api/tickets/{number}/extension/approve"] = Acts(Owned.Ticket, A.DecideExtension),
        ["POST /api/tickets/{number}/extension/deny"] = Acts(Owned.Ticket, A.DecideExtension),
        ["POST /api/tickets/{number}/extension/forward"] = Acts(Owned.Ticket, A.DecideExtension),
        ["POST /api/tickets/{number}/extension/override"] = Acts(Owned.Ticket, A.DecideExtension),
        ["POST /api/tickets/{number}/reply"] = Acts(Owned.Ticket, A.Reply),
        ["POST /api/tickets/{number}/reply/accept"] = Acts(Owned.Ticket, A.ReviewReply),
        ["POST /api/tickets/{number}/reply/send-back"] = Acts(Owned.Ticket, A.ReviewReply),
        ["POST /api/tickets/{number}/revisit"] = Acts(Owned.Ticket, A.Revisit),
        ["POST /api/tickets/{number}/redo"] = Acts(Owned.Ticket, A.Redo),
        ["POST /api/tickets/{number}/revisit-review/extend"] = Acts(Owned.Ticket, A.Redo),
        ["POST /api/tickets/{number}/screening"] = Acts(Owned.Ticket, A.ApplyForScreening),
        ["POST /api/tickets/{number}/screening/evidence-request"] = Acts(Owned.Ticket, A.DecideScreening),
        ["POST /api/tickets/{number}/screening/evidence"] = Acts(Owned.Ticket, A.ApplyForScreening),
        ["POST /api/tickets/{number}/screening/decision"] = Acts(Owned.Ticket, A.DecideScreening),
        ["POST /api/tickets/{number}/screening/panel-ruling"] = Acts(Owned.Ticket, A.DecideScreening),
        ["POST /api/tickets/{number}/supervise"] = Acts(Owned.Ticket, A.Supervise),
        ["POST /api/tickets/{number}/interview"] = Acts(Owned.Ticket, A.Interview),
        ["POST /api/tickets/{number}/discipline"] = Acts(Owned.Ticket, A.ReferToDiscipline),
        ["POST /api/tickets/{number}/termination"] = Acts(Owned.Ticket, A.RequestTermination),
        ["POST /api/tickets/{number}/termination/approve"] = Acts(Owned.Ticket, A.DecideTermination),
        ["POST /api/tickets/{number}/termination/refuse"] = Acts(Owned.Ticket, A.DecideTermination),
        ["POST /api/tickets/{number}/archive"] = Acts(Owned.Ticket, A.Archive),
        ["POST /api/tickets/{number}/merge"] = Acts(Owned.Ticket, A.MergeTickets),
        ["POST /api/tickets/{number}/unmerge"] = Acts(Owned.Ticket, A.MergeTickets),
        // The intake desk's reads of callers by phone: for those who register and merge (rules.md §6).
        ["POST /api/callers/history"] = Acts(A.Register, A.MergeTickets),
        ["POST /api/tickets/duplicates"] = Acts(A.Register, A.MergeTickets),
        // 批量派单: the tickets are in the body; each is found in the user's tenant or reported not found.
        ["POST /api/tickets/dispatch-batch"] = Acts(A.Dispatch),

        // Elsa Studio's API: every read needs a user of a tenant, every change or run a designer.
        ["GET /elsa/api/descriptors/activities"] = SignedIn(),
        ["GET /elsa/api/descriptors/expression-descriptors"] = SignedIn(),
        ["GET /elsa/api/descriptors/variables"] = SignedIn(),
        ["GET /elsa/api/descriptors/storage-drivers"] = SignedIn(),
        ["GET /elsa/api/descriptors/workflow-activation-strategies"] = SignedIn(),
        ["GET /elsa/api/descriptors/incident-strategies"] = SignedIn(),
        ["GET /elsa/api/descriptors/log-persistence-strategies"] = SignedIn(),
        ["GET /elsa/api/descriptors/commit-strategies/workflows"] = SignedIn(),
        ["GET /elsa/api/descriptors/commit-strategies/activities"] = SignedIn(),
        ["GET /elsa/api/descriptors/output-converters"] = SignedIn(),
        ["GET /elsa/api/features/installed"] = SignedIn(),
        ["GET /elsa/api/package/version"] = SignedIn(),
        ["POST /elsa/api/scripting/javascript/type-definitions/{definitionId}"] = SignedIn(),
        ["GET /elsa/api/workflow-definitions"] = SignedIn(),
        ["GET /elsa/api/workflow-definitions/by-definition-id/{definitionId}"] = SignedIn(Owned.Definition),
        ["GET /elsa/api/workflow-definitions/by-id/{versionId}"] = SignedIn(Owned.DefinitionVersion),
        ["GET /elsa/api/workflow-definitions/many-by-id"] = SignedIn(),
        ["GET /elsa/api/workflow-definitions/query/count"] = SignedIn(),
        ["GET /elsa/api/workflow-definitions/validation/is-name-unique"] = SignedIn(),
        ["GET /elsa/api/workflow-definitions/{definitionId}/export"] = SignedIn(Owned.Definition),
        ["POST /elsa/api/bulk-actions/export/workflow-definitions"] = SignedIn(),
        ["POST /elsa/api/workflow-definitions"] = Roles(Designers),
        ["POST /elsa/api/workflow-definitions/import"] = Roles(Designers),
        ["POST /elsa/api/workflow-definitions/{definitionId}/publish"] = Roles(Designers, Owned.Definition),
        ["POST /elsa/api/workflow-definitions/{definitionId}/retract"] = Roles(Designers, Owned.Definition),
        ["DELETE /elsa/api/workflow-definitions/{definitionId}"] = Roles(Designers, Owned.Definition),
        ["POST /elsa/api/workflow-definitions/{definitionId}/revert/{version:int}"] = Roles(Designers, Owned.Definition),
        ["DELETE /elsa/api/workflow-definition-versions/{versionId}"] = Roles(Designers, Owned.DefinitionVersion),
        ["POST /elsa/api/bulk-actions/publish/workflow-definitions/by-definition-ids"] = Roles(Designers),
        ["POST /elsa/api/bulk-actions/retract/workflow-definitions/by-definition-ids"] = Roles(Designers),
        ["POST /elsa/api/bulk-actions/delete/workflow-definitions/by-definition-id"] = Roles(Designers),
        ["POST /elsa/api/bulk-actions/delete/workflow-definitions/by-id"] = Roles(Designers),
        ["POST /elsa/api/workflow-definitions/{definitionId}/execute"] = Roles(Designers, Owned.Definition),
        ["GET /elsa/api/workflow-definitions/{definitionId}/execute"] = Roles(Designers, Owned.Definition),
        ["POST /elsa/api/workflow-definitions/{definitionId}/dispatch"] = Roles(Designers, Owned.Definition),
        ["POST /elsa/api/events/{eventName}/trigger"] = Roles(Designers),
        ["POST /elsa/api/alterations/run"] = Roles(Designers),
        ["POST /elsa/api/alterations/dry-run"] = Roles(Designers),
        ["GET,POST /elsa/api/workflow-instances/{id}/export"] = SignedIn(Owned.Instance),
        ["GET,POST /elsa/api/bulk-actions/export/workflow-instances"] = SignedIn(),
        ["POST /elsa/api/bulk-actions/import/workflow-instances"] = Roles(Designers),
        ["POST /elsa/api/descriptors/activities/{activityTypeName}/options/{propertyName}"] = SignedIn(),
        ["POST /elsa/api/cancel/workflow-instances/{instanceId}"] = Roles(Designers, Owned.Instance),
        ["POST /elsa/api/bulk-actions/cancel/workflow-instances"] = Roles(Designers),
        ["DELETE /elsa/api/workflow-instances/{instanceId}"] = Roles(Designers, Owned.Instance),
        ["POST /elsa/api/bulk-actions/delete/workflow-instances/by-id"] = Roles(Designers),
        ["POST /elsa/api/workflow-instances/"] = SignedIn(),
        ["GET /elsa/api/workflow-instances/{instanceId}"] = SignedIn(Owned.Instance),
        ["GET /elsa/api/workflow-instances/{instanceId}/execution-state"] = SignedIn(Owned.Instance),
        ["POST /elsa/api/workflow-instances/{instanceId}/journal"] = SignedIn(Owned.Instance),
        ["GET /elsa/api/workflow-instances/{instanceId}/journal"] = SignedIn(Owned.Instance),
        ["GET /elsa/api/workflow-instances/{instanceId}/variables"] = SignedIn(Owned.Instance),
        ["GET /elsa/api/activity-executions/list"] = SignedIn(),
        ["GET /elsa/api/activity-execution-summaries/list"] = SignedIn(),
        ["GET /elsa/api/activity-executions/by-id"] = SignedIn(),
        ["POST /elsa/api/activity-executions/report"] = SignedIn(),
        ["GET /elsa/api/activity-executions/{id}/call-stack"] = SignedIn(),
    };

    /// <summary>Query strings a route needs before it gets as far as its own checks.</summary>
    private static readonly Dictionary<string, string> Queries = new()
    {
        ["/api/tickets/{number}/caller/{field}"] = "?purpose=matrix",
        ["/api/access/personal-data-accesses"] = "?ticketId=none",
        ["/api/exports/monthly-report.xlsx"] = "?year=2025&month=9",
        ["/api/exports/assessment.xlsx"] = "?year=2025&month=9",
        ["/api/assessment/"] = "?year=2025&month=9",
        ["/api/assessment/units/{id}"] = "?year=2025&month=9",
        ["/api/knowledge/articles/{id}"] = "?version=1",
        ["/api/knowledge/articles/{id}/submit"] = "?version=1",
        ["/api/knowledge/articles/{id}/publish"] = "?version=1",
        ["/api/knowledge/articles/{id}/send-back"] = "?version=1",
        ["/api/knowledge/articles/{id}/retire"] = "?version=1",
    };

    [Fact]
    public async Task Every_endpoint_answers_strangers_roles_and_other_tenants_as_the_table_says()
    {
        var endpoints = Endpoints();
        var missing = endpoints.Where(e => !e.IsStaticAsset && !Table.ContainsKey(e.Key)).Select(e => e.Key).Distinct().ToArray();
        Assert.True(missing.Length == 0, "Endpoints not in the table (decide who may call them):\n" + string.Join("\n", missing));

        var rowsOf = new Dictionary<string, Func<Owned, string, string?>>
        {
            [Home] = await TenantsRowsAsync(Home),
            [Other] = await TenantsRowsAsync(Other),
        };
        var failures = new List<string>();
        using var stranger = host.CreateClient(new() { AllowAutoRedirect = false });
        var clients = new Dictionary<(string, R), HttpClient>();
        foreach (var tenant in new[] { Home, Other })
            foreach (var role in HotlineRoles.All)
                clients[(tenant, role)] = await host.ClientAsync(tenant, role);

        foreach (var endpoint in endpoints.Where(e => !e.IsStaticAsset).DistinctBy(e => e.Key))
        {
            var rule = Table[endpoint.Key];
            if (rule.Kind == Kind.Open)
            {
                if (!endpoint.AllowsAnonymous)
                    failures.Add($"{endpoint.Key}: the table opens it but the endpoint does not say AllowAnonymous");
                var open = await SendAsync(stranger, endpoint, Placeholders);
                if (!rule.Anonymous.Contains(open.StatusCode))
                    failures.Add($"{endpoint.Key}: a stranger got {(int)open.StatusCode}, expected {string.Join(" or ", rule.Anonymous.Select(s => (int)s))}");
                continue;
            }

            var anonymous = await SendAsync(stranger, endpoint, Placeholders, page: rule.Kind == Kind.Page);
            var refused = rule.Kind == Kind.Page
                ? anonymous.StatusCode == HttpStatusCode.Redirect && anonymous.Headers.Location?.PathAndQuery.StartsWith("/sign-in?returnUrl=", StringComparison.Ordinal) == true
                : anonymous.StatusCode == HttpStatusCode.Unauthorized;
            if (!refused)
                failures.Add($"{endpoint.Key}: a stranger got {(int)anonymous.StatusCode} {anonymous.Headers.Location}");

            foreach (var tenant in new[] { Home, Other })
            {
                foreach (var role in HotlineRoles.All)
                {
                    var allowed = rule.Roles is null || rule.Roles.Contains(role);
                    var client = endpoint.Key == "POST /api/auth/logout" ? await host.ClientAsync(tenant, role) : clients[(tenant, role)];
                    var own = await SendAsync(client, endpoint, Placeholders);
                    if (allowed ? own.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden : own.StatusCode != HttpStatusCode.Forbidden)
                        failures.Add($"{endpoint.Key}: {role}@{tenant} got {(int)own.StatusCode}, expected {(allowed ? "not 401/403" : "403")}");

                    if (rule.Owned == Owned.None)
                        continue;
                    // Both directions: a user of one tenant names the other tenant's row.
                    var owner = tenant == Home ? Other : Home;
                    var foreign = await SendAsync(client, endpoint, p => rowsOf[owner](rule.Owned, p));
                    var expected = !allowed ? HttpStatusCode.Forbidden
                        : HttpStatusCode.NotFound;
                    if (foreign.StatusCode != expected)
                        failures.Add($"{endpoint.Key}: {role}@{tenant} naming {owner}'s {rule.Owned} got {(int)foreign.StatusCode}, expected {(int)expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Static_files_are_open_to_strangers()
    {
        var assets = Endpoints().Where(e => e.IsStaticAsset).ToArray();
        Assert.NotEmpty(assets);
        Assert.All(assets, a => Assert.True(a.AllowsAnonymous, a.Key));
        using var stranger = host.CreateClient();
        var signIn = assets.First(a => a.Pattern.EndsWith("sign-in.js", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync(new Uri("/" + signIn.Pattern, UriKind.Relative), Ct)).StatusCode);
    }

    private sealed record Endpoint(string Methods, string Pattern, bool AllowsAnonymous, bool IsStaticAsset)
    {
        public string Key => $"{Methods} {Pattern}";
    }

    private Endpoint[] Endpoints() =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new Endpoint(
                string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]),
                e.RoutePattern.RawText ?? "",
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null))
            .ToArray();

    private static string? Placeholders(string parameter) => parameter switch
    {
        "number" or "Number" => "NONE-20000101-0000",
        "date" => "2025-06-09",
        "field" => "Phone",
        "queue" or "Name" => "to-dispatch",
        "documentName" => "v1",
        "version" => "1",
        "path" => "no-such-file.txt",
        _ => "none",
    };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Endpoint endpoint, Func<string, string?> fill, bool page = false)
    {
        var method = endpoint.Methods.Split(',')[0] switch
        {
            "*" => endpoint.Pattern.EndsWith("/negotiate", StringComparison.Ordinal) || endpoint.Pattern.Contains("disconnect", StringComparison.Ordinal) ? "POST" : "GET",
            var m => m,
        };
        var path = System.Text.RegularExpressions.Regex.Replace(endpoint.Pattern, @"\{\**(\w+)[^}]*\}", m => Uri.EscapeDataString(fill(m.Groups[1].Value) ?? "none"));
        path = (path.StartsWith('/') ? path : "/" + path) + Queries.GetValueOrDefault(endpoint.Pattern, "");
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(page ? "text/html" : "application/json"));
        if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(new { });
        return await client.SendAsync(request, Ct);
    }

    /// <summary>Rows of a tenant for the other tenant to name: a ticket with its lifecycle, a user, an API key, a calendar day, a definition.</summary>
    private async Task<Func<Owned, string, string?>> TenantsRowsAsync(string tenant)
    {
        using var dispatcher = await host.ClientAsync(tenant, R.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        using var admin = await host.ClientAsync(tenant, R.Admin);
        var users = await admin.GetFromJsonAsync<JsonElement[]>("/api/access/users", Ct);
        var userId = users!.First(u => u.GetProperty("userName").GetString() == "auditor").GetProperty("id").GetString();
        var key = await (await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "matrix", roles = new[] { "auditor" } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        // Days are named by their date: each tenant's on a date the other has not.
        var day = tenant == Home ? "2025-06-06" : "2025-06-13";
        (await admin.PutAsJsonAsync($"/api/calendar/days/{day}", new { kind = "LocalHoliday", name = "矩阵" }, Ct)).EnsureSuccessStatusCode();
        var number = ticket.GetProperty("number").GetString();
        var instanceId = ticket.GetProperty("workflowInstanceId").GetString();
        var apiKeyId = key.GetProperty("id").GetString();
        // A definition only this tenant has (both hold their own ticket-lifecycle, so that name proves nothing).
        using var owner = await host.ClientAsync(tenant, R.ProcessOwner);
        var definitionId = $"matrix-{tenant}";
        var saved = await owner.SaveAsync(RunawayDefinitions.Cycle(definitionId, delay: true));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
        var versionId = (await saved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("workflowDefinition").GetProperty("id").GetString();
        using var reviewer = await host.ClientAsync(tenant, R.Reviewer);
        var article = await (await reviewer.PostAsJsonAsync("/api/knowledge/articles", new
        {
            title = "矩阵条目", body = "正文", effectiveFrom = "2025-01-01", reviewBy = "2099-12-31",
        }, HotlineHost.Json, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var articleId = article.GetProperty("summary").GetProperty("id").GetString();
        return (owned, parameter) => (owned, parameter) switch
        {
            (Owned.Ticket, "number") => number,
            (Owned.User, "id") => userId,
            (Owned.ApiKey, "id") => apiKeyId,
            (Owned.CalendarDay, "date") => day,
            (Owned.Instance, "instanceId") => instanceId,
            (Owned.Definition or Owned.DefinitionVersion, "definitionId") => definitionId,
            (Owned.DefinitionVersion, "versionId") => versionId,
            (Owned.Unit, "id") => Hotline.Server.Access.DemoAccessSeeder.DemoCoUnitId(tenant).ToString(),
            (Owned.Article, "id") => articleId,
            _ => Placeholders(parameter),
        };
    }

    private enum Kind { Open, Page, Guarded }

    /// <summary>The kind of tenant-owned row a route's parameter names, for the other-tenant check.</summary>
    private enum Owned { None, Ticket, User, ApiKey, CalendarDay, Instance, Definition, DefinitionVersion, Unit, Article }

    private sealed record Rule(Kind Kind, IReadOnlySet<R>? Roles, Owned Owned, HttpStatusCode[] Anonymous);

    private static Rule Open(params HttpStatusCode[] anonymous) => new(Kind.Open, null, Owned.None, anonymous);

    private static Rule Page => new(Kind.Page, null, Owned.None, []);

    private static Rule SignedIn(Owned owned = Owned.None) => new(Kind.Guarded, null, owned, []);

    private static Rule Roles(R[] roles, Owned owned = Owned.None) => new(Kind.Guarded, roles.ToHashSet(), owned, []);

    private static Rule Acts(params A[] actions) => Acts(Owned.None, actions);

    private static Rule Acts(Owned owned, params A[] actions) =>
        new(Kind.Guarded, actions.SelectMany(ActionPermissions.RolesFor).ToHashSet(), owned, []);
}
