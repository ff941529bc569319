using Hotline.Tickets.Notices;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Notices;

/// <summary>A SQLite file database holding only the outbox, shared by the contexts a test opens.</summary>
internal sealed class NoticeTestDatabase : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("hotline-notices-").FullName;

    public NoticeTestDatabase()
    {
        using var db = Open();
        db.Database.EnsureCreated();
    }

    public string PickupDirectory => Path.Combine(directory, "pickup");

    public OutboxContext Open() => new(new DbContextOptionsBuilder<OutboxContext>()
        .UseSqlite($"Data Source={Path.Combine(directory, "outbox.db")};Pooling=False")
        .Options);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    internal sealed class OutboxContext(DbContextOptions<OutboxContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.ApplyConfiguration(new NoticeConfiguration());

        protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
