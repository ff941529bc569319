using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// Each node keeps its tenants' published sets (parsed versions with their trigger index) per process; a publish, retract
/// or delete on another node sharing the database is seen by the next unit of work, and a set belongs to one tenant.
/// </summary>
public sealed class PublishedSetTests
{
    private const string A = "county-a";
    private const string B = "county-b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A definition started by the event <c>go</c> (its trigger), named <paramref name="name"/>.</summary>
    private static JsonObject Triggered(string definitionId, string name)
    {
        var document = TestWorkflows.Chain(definitionId, name, TestWorkflows.Event("go", "go"), TestWorkflows.WriteLine("log", name));
        var trigger = document["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "go")!.AsObject();
        trigger["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return document;
    }

    private static Task<PublishedSet> PublishedOn(ServiceProvider node, string tenant) =>
        InTenant(node, tenant, sp => sp.GetRequiredService<WorkflowRuntime>().PublishedAsync(Token));

    private static async Task<T> InTenant<T>(ServiceProvider node, string tenant, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = node.CreateAsyncScope();
        using var entered = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().EnterTenant(tenant);
        return await action(scope.ServiceProvider);
    }

    private static Task<DefinitionSaveResult> Save(ServiceProvider node, string tenant, JsonObject document) =>
        InTenant(node, tenant, sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(document, publish: true, Token));

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_publish_retract_or_delete_on_one_node_is_seen_by_the_other_s_next_unit_of_work(WorkflowDatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var one = await database.CreateProviderAsync(s => s.AddWorkflowRuntime());
        await using var two = await database.CreateProviderAsync(s => s.AddWorkflowRuntime());

        await Save(one, A, Triggered("intake", "Intake v1"));
        var before = await PublishedOn(two, A);
        Assert.Equal("Intake v1", Assert.Single(before.Definitions).Name);
        Assert.Equal("go", Assert.Single(before.Triggers).Trigger.Id);
        Assert.Same(before, await PublishedOn(two, A)); // unchanged: the parsed set and its index are reused

        // A new version published on node one: node two's next unit starts it, not the version it had parsed.
        await Save(one, A, Triggered("intake", "Intake v2"));
        var republished = await PublishedOn(two, A);
        Assert.Equal(("Intake v2", 2), (Assert.Single(republished.Definitions).Name, republished.Definitions[0].Version));
        var started = await InTenant(two, A, sp => sp.GetRequiredService<WorkflowRuntime>().TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "go" }, cancellationToken: Token));
        Assert.Empty(started); // nothing waits; starting is the caller's (it matches the set's triggers)

        // Retracted on node one: node two sees no published version.
        await InTenant(one, A, sp => sp.GetRequiredService<WorkflowDefinitionStore>().RetractAsync("intake", Token));
        Assert.Empty((await PublishedOn(two, A)).Definitions);

        // Published again, then deleted on node one.
        await InTenant(one, A, sp => sp.GetRequiredService<WorkflowDefinitionStore>().PublishAsync("intake", Token));
        Assert.Single((await PublishedOn(two, A)).Definitions);
        await InTenant(one, A, sp => sp.GetRequiredService<WorkflowDefinitionStore>().DeleteAsync("intake", Token));
        Assert.Empty((await PublishedOn(two, A)).Definitions);
        Assert.Empty((await PublishedOn(two, A)).Triggers);
    }

    [Theory]
    [InlineData(A, B)]
    [InlineData(B, A)]
    public async Task A_tenant_s_published_set_never_holds_another_tenant_s_definitions(string tenant, string other)
    {
        await using var database = await TestDatabase.CreateAsync(WorkflowDatabaseProvider.Sqlite);
        await using var node = await database.CreateProviderAsync(s => s.AddWorkflowRuntime());
        await Save(node, tenant, Triggered("intake", $"Intake of {tenant}"));

        Assert.Equal($"Intake of {tenant}", Assert.Single((await PublishedOn(node, tenant)).Definitions).Name);
        Assert.Empty((await PublishedOn(node, other)).Definitions);
        Assert.Empty((await PublishedOn(node, other)).Triggers);

        // The same definition id published in the other tenant: each sees its own, alternately, on one node.
        await Save(node, other, Triggered("intake", $"Intake of {other}"));
        Assert.Equal($"Intake of {other}", Assert.Single((await PublishedOn(node, other)).Definitions).Name);
        Assert.Equal($"Intake of {tenant}", Assert.Single((await PublishedOn(node, tenant)).Definitions).Name);
        Assert.Equal($"Intake of {other}", Assert.Single((await PublishedOn(node, other)).Triggers).Definition.Name);
    }
}
