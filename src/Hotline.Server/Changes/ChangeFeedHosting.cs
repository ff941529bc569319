using Hotline.Application.Changes;
using Hotline.Server.Hosting;
using Hotline.Workflows.Persistence;

namespace Hotline.Server.Changes;

/// <summary>
/// The ticket change feed across nodes: on PostgreSQL the nodes share it through <c>LISTEN/NOTIFY</c>
/// (<see cref="PostgresChangeRelay"/>); on SQLite there is one node and the in-process feed is all there is.
/// </summary>
public static class ChangeFeedHosting
{
    public static WebApplicationBuilder AddTicketChangeRelay(this WebApplicationBuilder builder)
    {
        var (provider, connectionString) = HotlineStore.Database(builder.Configuration, builder.Environment);
        if (provider == WorkflowDatabaseProvider.PostgreSql)
        {
            builder.Services.AddHostedService(sp => new PostgresChangeRelay(
                sp.GetRequiredService<TicketChangeFeed>(), connectionString, sp.GetRequiredService<ILogger<PostgresChangeRelay>>()));
        }

        return builder;
    }
}
