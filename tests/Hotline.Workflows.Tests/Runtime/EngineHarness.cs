using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>A migrated test database with the runtime registered; each call runs in its own scope, as a request would.</summary>
internal sealed class EngineHarness(TestDatabase database, ServiceProvider services) : IAsyncDisposable
{
    public TestDatabase Database => database;
    public ServiceProvider Services => services;

    public static async Task<EngineHarness> OpenAsync(
        WorkflowDatabaseProvider provider = WorkflowDatabaseProvider.Sqlite,
        Action<DbContextOptionsBuilder>? configureDb = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var collection = database.CreateServices(configureDb);
        collection.AddWorkflowRuntime();
        configureServices?.Invoke(collection);
        var services = collection.BuildServiceProvider();
        await services.MigrateWorkflowDatabaseAsync(TestContext.Current.CancellationToken);
        return new(database, services);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> RunAsync<T>(Func<WorkflowRuntime, Task<T>> action) =>
        InScopeAsync(sp => action(sp.GetRequiredService<WorkflowRuntime>()));

    /// <summary>As <see cref="InScopeAsync{T}"/>, with the scope's store working in <paramref name="tenantId"/>.</summary>
    public Task<T> InTenantAsync<T>(string? tenantId, Func<IServiceProvider, Task<T>> action) =>
        InScopeAsync(async sp =>
        {
            using var tenant = sp.GetRequiredService<WorkflowDbContext>().EnterTenant(tenantId);
            return await action(sp);
        });

    public Task<T> RunInAsync<T>(string? tenantId, Func<WorkflowRuntime, Task<T>> action) =>
        InTenantAsync(tenantId, sp => action(sp.GetRequiredService<WorkflowRuntime>()));

    /// <summary>
    /// Runs <paramref name="run"/> before the unit's transaction in <paramref name="tenantId"/> (its saves deferred), then
    /// begins it, writes the run and commits; a write that fails rolls the unit back and rethrows.
    /// </summary>
    public Task<T> DeferredAsync<T>(string? tenantId, Func<WorkflowRuntime, Task<T>> run) =>
        InTenantAsync(tenantId, async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            unitOfWork.DeferWrites();
            var result = await run(sp.GetRequiredService<WorkflowRuntime>());
            await unitOfWork.BeginAsync(TestContext.Current.CancellationToken);
            try
            {
                Assert.True(await unitOfWork.WriteDeferredAsync(TestContext.Current.CancellationToken));
                await unitOfWork.CommitAsync(TestContext.Current.CancellationToken);
            }
            catch
            {
                await unitOfWork.RollbackAsync(TestContext.Current.CancellationToken);
                throw;
            }

            return result;
        });

    public Task<WorkflowDefinitionRecord> PublishAsync(JsonObject document) =>
        InScopeAsync(async sp => (await sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(document, publish: true, TestContext.Current.CancellationToken)).Definition);

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await database.DisposeAsync();
    }
}
