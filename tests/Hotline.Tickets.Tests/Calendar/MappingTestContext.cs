using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>
/// A test-only context that applies the calendar's and access's EF configurations the way the
/// product's context applies every configuration in the Hotline.Tickets assembly, on an
/// in-memory SQLite database that lives as long as the context.
/// </summary>
internal sealed class MappingTestContext(SqliteConnection connection, bool ownsConnection) : DbContext
{
    private static readonly string[] OwnNamespaces = ["Hotline.Tickets.Calendar", "Hotline.Tickets.Access"];

    public static async Task<MappingTestContext> CreateAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var context = new MappingTestContext(connection, ownsConnection: true);
        await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        return context;
    }

    /// <summary>A second context on the same database, so reads do not come from the first one's change tracker.</summary>
    public MappingTestContext Fresh() => new(connection, ownsConnection: false);

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite(connection);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AssemblyMarker).Assembly, type => OwnNamespaces.Contains(type.Namespace));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsConnection)
            await connection.DisposeAsync();
    }
}
