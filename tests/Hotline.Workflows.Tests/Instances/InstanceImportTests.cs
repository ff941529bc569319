using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using WorkflowRun = Hotline.Workflows.Runtime.WorkflowRun;
using Hotline.Workflows.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Instances;

/// <summary>
/// An imported copy of an instance runs under record and bookmark keys of its own: it resumes and finishes, and the
/// instance it was copied from (another county's, or the same county's) keeps its rows and still finishes.
/// </summary>
public sealed class InstanceImportTests
{
    private const string CountyA = "county-a";
    private const string CountyB = "county-b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<WorkflowDatabaseProvider, string> Targets() => new()
    {
        { WorkflowDatabaseProvider.Sqlite, CountyB },
        { WorkflowDatabaseProvider.Sqlite, CountyA },
        { WorkflowDatabaseProvider.PostgreSql, CountyB },
        { WorkflowDatabaseProvider.PostgreSql, CountyA },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_copy_resumes_and_finishes_under_keys_of_its_own_and_the_source_s_rows_stay(WorkflowDatabaseProvider provider, string target)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        var source = await StartSourceAsync(engine, target);
        var (keys, rows) = await SourceRowsAsync(engine, source.Instance.Id);

        Assert.Equal(1, await ImportAsync(engine, target, await CopyAsync(engine, source.Instance.Id, "copy-1", target)));

        // Nothing of the copy names a key of the source; its state is whole under the new keys.
        var copy = (await engine.RunInAsync(target, r => r.FindInstanceAsync("copy-1", Token)))!;
        Assert.DoesNotContain(keys, copy.StateJson.Contains);
        AssertWhole(WorkflowState.Read(copy.StateJson), await engine.RunInAsync(target, r => r.ListBookmarksAsync("copy-1", Token)));

        await FinishAsync(engine, target, "copy-1");
        Assert.Equal(rows, (await SourceRowsAsync(engine, source.Instance.Id)).Rows);
        Assert.NotEmpty(await engine.RunInAsync(target, r => r.ListActivityExecutionsAsync("copy-1", cancellationToken: Token)));

        await FinishAsync(engine, CountyA, source.Instance.Id);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Two_copies_of_one_instance_in_one_import_each_run_under_their_own_keys(WorkflowDatabaseProvider provider)
    {
        var (engine, source, first) = await CopyForCountyBAsync(provider);
        await using var _ = engine;
        var second = first with { Id = "copy-2" };

        Assert.Equal(2, await ImportAsync(engine, CountyB, first, second));

        var one = (await engine.RunInAsync(CountyB, r => r.FindInstanceAsync("copy-1", Token)))!;
        var two = (await engine.RunInAsync(CountyB, r => r.FindInstanceAsync("copy-2", Token)))!;
        var state = WorkflowState.Read(one.StateJson);
        List<string> keys = [.. state.Contexts.Select(c => c.Id), .. state.Bookmarks.Select(b => b.Id)];
        Assert.DoesNotContain(keys, two.StateJson.Contains);
        await FinishAsync(engine, CountyB, "copy-1");
        await FinishAsync(engine, CountyB, "copy-2");
        await FinishAsync(engine, CountyA, source.Instance.Id);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task An_instance_id_already_used_by_any_county_or_twice_in_the_import_refuses_the_whole_import(WorkflowDatabaseProvider provider)
    {
        var (engine, source, copy) = await CopyForCountyBAsync(provider);
        await using var _ = engine;

        ImportedInstance[][] imports = [[copy, copy with { Id = source.Instance.Id }], [copy, copy]];
        foreach (var import in imports)
        {
            var refused = await Assert.ThrowsAsync<InstanceImportException>(() => ImportAsync(engine, CountyB, import));
            Assert.Equal(InstanceImport.Exists, refused.Code);
            Assert.Null(await engine.RunInAsync(CountyB, r => r.FindInstanceAsync("copy-1", Token)));
        }
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task An_id_another_import_takes_between_the_check_and_the_save_is_the_same_refusal(WorkflowDatabaseProvider provider)
    {
        var (engine, source, copy) = await CopyForCountyBAsync(provider);
        await using var _ = engine;
        var other = copy with { Id = "copy-2" };

        // The other import commits the same id just as this one saves, after this one's check found it free.
        var refused = await Assert.ThrowsAsync<InstanceImportException>(() => engine.InTenantAsync(CountyB, sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            db.SavingChanges += (_, _) => Assert.Equal(1, ImportAsync(engine, CountyB, copy).GetAwaiter().GetResult());
            return sp.GetRequiredService<InstanceImport>().ImportAsync([other, copy], Token);
        }));

        Assert.Equal(InstanceImport.Exists, refused.Code);
        Assert.Null(await engine.RunInAsync(CountyB, r => r.FindInstanceAsync("copy-2", Token)));
        await FinishAsync(engine, CountyB, "copy-1");
        await FinishAsync(engine, CountyA, source.Instance.Id);
    }

    public static TheoryData<WorkflowDatabaseProvider, string> Defects()
    {
        var data = new TheoryData<WorkflowDatabaseProvider, string>();
        foreach (var provider in new[] { WorkflowDatabaseProvider.Sqlite, WorkflowDatabaseProvider.PostgreSql })
        {
            foreach (var defect in new[] { "not json", "contexts null", "context id null", "bookmarks item null", "bookmark node too long", "incidents null", "flow scope null" })
            {
                data.Add(provider, defect);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task A_state_the_engine_or_the_store_could_not_take_is_refused_and_nothing_is_written(WorkflowDatabaseProvider provider, string defect)
    {
        var (engine, _, good) = await CopyForCountyBAsync(provider);
        await using var __ = engine;
        var state = JsonNode.Parse(good.StateJson)!.AsObject();
        switch (defect)
        {
            case "contexts null": state["contexts"] = null; break;
            case "context id null": state["contexts"]![0]!["id"] = null; break;
            case "bookmarks item null": state["bookmarks"]!.AsArray().Add(null); break;
            case "bookmark node too long": state["bookmarks"]![0]!["activityNodeId"] = new string('n', 600); break;
            case "incidents null": state["incidents"] = null; break;
            case "flow scope null": state["flowScopes"]![state["flowScopes"]!.AsObject().First().Key] = null; break;
        }

        var bad = good with { Id = "copy-2", StateJson = defect == "not json" ? "{\"contexts\": [" : state.ToJsonString() };
        var refused = await Assert.ThrowsAsync<InstanceImportException>(() => ImportAsync(engine, CountyB, good, bad));
        Assert.Equal(InstanceImport.Unreadable, refused.Code);
        foreach (var id in new[] { "copy-1", "copy-2" })
        {
            Assert.Null(await engine.RunInAsync(CountyB, r => r.FindInstanceAsync(id, Token)));
        }

        Assert.Equal(0, await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.AcrossTenants().CountAsync(b => b.WorkflowInstanceId.StartsWith("copy-"), Token)));
    }

    /// <summary>County a's instance of a two-step chain, waiting at its first step; the chain published in <paramref name="target"/> too.</summary>
    private static async Task<WorkflowRun> StartSourceAsync(EngineHarness engine, string target)
    {
        var chain = TestWorkflows.Chain("steps", "Steps", TestWorkflows.Event("a", "a"), TestWorkflows.Event("b", "b"));
        foreach (var tenant in new[] { CountyA, target }.Distinct())
        {
            await engine.InTenantAsync(tenant, sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(chain, publish: true, Token));
        }

        return await engine.RunInAsync(CountyA, r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
    }

    /// <summary>An engine on <paramref name="provider"/>, county a's waiting instance and its copy <c>copy-1</c> for county b.</summary>
    private static async Task<(EngineHarness Engine, WorkflowRun Source, ImportedInstance Copy)> CopyForCountyBAsync(WorkflowDatabaseProvider provider)
    {
        var engine = await EngineHarness.OpenAsync(provider);
        try
        {
            var source = await StartSourceAsync(engine, CountyB);
            return (engine, source, await CopyAsync(engine, source.Instance.Id, "copy-1", CountyB));
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>The source as an export carries it, under <paramref name="id"/>, pinned to <paramref name="target"/>'s version.</summary>
    private static async Task<ImportedInstance> CopyAsync(EngineHarness engine, string sourceId, string id, string target)
    {
        var source = (await engine.RunInAsync(CountyA, r => r.FindInstanceAsync(sourceId, Token)))!;
        var version = await engine.InTenantAsync(target, sp => sp.GetRequiredService<WorkflowDbContext>().Definitions.AsNoTracking()
            .Where(d => d.DefinitionId == "steps").Select(d => d.Id).SingleAsync(Token));
        return new ImportedInstance(
            id, source.DefinitionId, version, source.CorrelationId, source.Name, source.Status, source.SubStatus, source.CreatedAt, source.UpdatedAt, source.FinishedAt, source.StateJson);
    }

    private static Task<int> ImportAsync(EngineHarness engine, string tenant, params ImportedInstance[] instances) =>
        engine.InTenantAsync(tenant, sp => sp.GetRequiredService<InstanceImport>().ImportAsync(instances, Token));

    /// <summary>Every record and bookmark key of the source, and its record and bookmark rows as stored.</summary>
    private static Task<(List<string> Keys, string Rows)> SourceRowsAsync(EngineHarness engine, string sourceId) =>
        engine.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            var records = await db.ActivityExecutions.AsNoTracking().Where(x => x.WorkflowInstanceId == sourceId).OrderBy(x => x.Id).ToListAsync(Token);
            var bookmarks = await db.Bookmarks.AcrossTenants().AsNoTracking().Where(x => x.WorkflowInstanceId == sourceId).OrderBy(x => x.Id).ToListAsync(Token);
            Assert.NotEmpty(records);
            Assert.NotEmpty(bookmarks);
            List<string> keys = [.. records.Select(r => r.Id), .. bookmarks.Select(b => b.Id)];
            return (keys, JsonSerializer.Serialize(new { records, bookmarks }));
        });

    /// <summary>Every reference of the state names one of its own contexts, and the stored bookmarks are the state's.</summary>
    private static void AssertWhole(WorkflowState state, List<Bookmark> stored)
    {
        var contexts = state.Contexts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(state.Contexts.Count, contexts.Count);
        Assert.All(state.Contexts.Where(c => c.ParentId is not null), c => Assert.Contains(c.ParentId!, contexts));
        Assert.NotEmpty(state.FlowScopes);
        Assert.All(state.FlowScopes.Keys, k => Assert.Contains(k, contexts));
        Assert.All(state.Bookmarks, b => Assert.Contains(b.ActivityInstanceId, contexts));
        Assert.Equal(state.Bookmarks.Select(b => (b.Id, b.ActivityInstanceId)).Order(), stored.Select(b => (b.Id, b.ActivityInstanceId)).Order());
    }

    /// <summary>Resumes <paramref name="instanceId"/> at both steps; it finishes.</summary>
    private static async Task FinishAsync(EngineHarness engine, string tenant, string instanceId)
    {
        foreach (var _ in new[] { "a", "b" })
        {
            var bookmark = Assert.Single(await engine.RunInAsync(tenant, r => r.ListBookmarksAsync(instanceId, Token)));
            await engine.RunInAsync(tenant, r => r.ResumeAsync(bookmark.Id, new JsonObject(), cancellationToken: Token));
        }

        var instance = await engine.RunInAsync(tenant, r => r.FindInstanceAsync(instanceId, Token));
        Assert.Equal(WorkflowSubStatus.Finished, instance!.SubStatus);
    }
}
