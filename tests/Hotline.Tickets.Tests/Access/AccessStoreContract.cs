using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tests.Calendar;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tickets.Tests.Access;

/// <summary>
/// Users, keys and the personal-data audit through the product's context, with tenant isolation
/// and audited reveals; run on SQLite and on PostgreSQL.
/// </summary>
public abstract class AccessStoreContract : IAsyncLifetime
{
    // Each provider runs the same tests: SqliteAccessStoreTests, PostgresAccessStoreTests.
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    private static CurrentUser As(string tenant, HotlineRole role, string? unit = null) => CurrentUser.From(
        HotlineClaims.CreatePrincipal("test", tenant, $"{tenant}-{role}", role.ToString(), new RoleAssignment([role], unit)));

    private ITestDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await OpenAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>This test's own database, created with the product's schema.</summary>
    private protected abstract Task<ITestDatabase> OpenAsync();

    private HotlineDbContext NewContext(string? tenant = null) => _database!.NewContext(tenant);

    [Fact]
    public async Task Users_round_trip_and_queries_see_only_the_current_tenant()
    {
        await using var db = NewContext();
        var handler = new User("hsb", "unit-handler", "承办人", new RoleAssignment([HotlineRole.UnitHandler], "housing"), _clock.GetUtcNow());
        handler.SetPassword("Hotline!2026", new PasswordHasher<User>());
        db.Set<User>().AddRange(handler,
            new User("hl", "unit-handler", "承办人", new RoleAssignment([HotlineRole.UnitHandler, HotlineRole.UnitLeader], "water"), _clock.GetUtcNow()));
        await db.SaveChangesAsync(Ct);

        await using var read = NewContext("hsb");
        await using var readHl = NewContext("hl");
        await using var outsideAnyTenant = NewContext();
        var seenByHsb = await read.Set<User>().OwnedBy(As("hsb", HotlineRole.Admin)).ToListAsync(Ct);
        var seenByAnonymous = await read.Set<User>().OwnedBy(CurrentUser.Anonymous).ToListAsync(Ct);

        var stored = Assert.Single(seenByHsb);
        Assert.Equal(handler.Id, stored.Id);
        Assert.Equal(new RoleAssignment([HotlineRole.UnitHandler], "housing"), stored.Roles);
        Assert.Equal(handler.PasswordHash, stored.PasswordHash);
        Assert.Empty(seenByAnonymous);
        Assert.Empty(await read.Set<User>().Where(u => u.TenantId == "hl").ToListAsync(Ct));
        Assert.Empty(await outsideAnyTenant.Set<User>().ToListAsync(Ct));
        var hl = await readHl.Set<User>().OwnedBy(As("hl", HotlineRole.Admin)).SingleAsync(Ct);
        Assert.Equal([HotlineRole.UnitHandler, HotlineRole.UnitLeader], hl.Roles.Roles.Order());
    }

    [Fact]
    public async Task A_user_name_is_unique_within_a_tenant()
    {
        await using var db = NewContext();
        var roles = new RoleAssignment([HotlineRole.Dispatcher], null);
        db.Set<User>().Add(new User("hsb", "dispatcher", "a", roles, _clock.GetUtcNow()));
        await db.SaveChangesAsync(Ct);

        await using var second = NewContext();
        second.Set<User>().Add(new User("hsb", "Dispatcher", "b", roles, _clock.GetUtcNow()));
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task Api_key_is_found_by_the_hash_of_the_presented_secret()
    {
        await using var db = NewContext();
        var (key, secret) = ApiKey.Issue("qu", "city platform", new RoleAssignment([HotlineRole.Dispatcher], null), "admin", _clock.GetUtcNow());
        db.Set<ApiKey>().Add(key);
        await db.SaveChangesAsync(Ct);

        // As sign-in does, before the key says whose it is: across tenants, by name.
        await using var read = NewContext();
        var hash = ApiKey.Hash(secret);
        var found = await read.Set<ApiKey>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).SingleOrDefaultAsync(k => k.KeyHash == hash, Ct);

        Assert.NotNull(found);
        Assert.Equal(key.Roles, found.Roles);
        var wrong = ApiKey.Hash(secret + "x");
        Assert.Null(await read.Set<ApiKey>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).SingleOrDefaultAsync(k => k.KeyHash == wrong, Ct));
    }

    [Fact]
    public async Task An_unmasked_read_is_audited_before_the_value_is_returned()
    {
        await using var db = NewContext("qu");
        var disclosure = new PersonalDataDisclosure(db, _clock);
        var reviewer = As("qu", HotlineRole.Reviewer);
        var subject = new PersonalDataSubject("qu", "T-2026-000123", "housing");

        var phone = await disclosure.RevealAsync(reviewer, subject, new PersonalData(PersonalDataField.Phone, "13812345678"), "回访", Ct);

        Assert.Equal("13812345678", phone);
        await using var read = NewContext("qu");
        var record = Assert.Single(await new PersonalDataDisclosure(read, _clock).AccessesAsync(As("qu", HotlineRole.Auditor), "T-2026-000123", Ct));
        Assert.Equal((reviewer.UserId, PersonalDataField.Phone, "回访", "reviewer", _clock.GetUtcNow()),
            (record.UserId, record.Field, record.Purpose, record.Roles, record.AccessedAt));
        Assert.Empty(await new PersonalDataDisclosure(read, _clock).AccessesAsync(As("hk", HotlineRole.Auditor), "T-2026-000123", Ct));
    }

    [Fact]
    public async Task The_handling_units_staff_see_name_and_phone_of_their_own_tickets_only()
    {
        await using var db = NewContext("qu");
        var disclosure = new PersonalDataDisclosure(db, _clock);
        var housing = As("qu", HotlineRole.UnitHandler, "housing");
        var subject = new PersonalDataSubject("qu", "T-1", "housing");

        Assert.Equal("张三", await disclosure.RevealAsync(housing, subject, new PersonalData(PersonalDataField.Name, "张三"), "先行联系", Ct));
        await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(() =>
            disclosure.RevealAsync(housing, subject, new PersonalData(PersonalDataField.Address, "渠县渠江街道东大街15号"), "上门", Ct));
        await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(() =>
            disclosure.RevealAsync(As("qu", HotlineRole.UnitHandler, "water"), subject, new PersonalData(PersonalDataField.Phone, "13812345678"), "先行联系", Ct));

        Assert.Single(await db.Set<PersonalDataAccess>().ToListAsync(Ct));
    }

    [Fact]
    public async Task A_reveal_never_commits_someone_elses_pending_changes()
    {
        await using var db = NewContext("qu");
        db.Set<User>().Add(new User("qu", "pending", "x", new RoleAssignment([HotlineRole.Reviewer], null), _clock.GetUtcNow()));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new PersonalDataDisclosure(db, _clock).RevealAsync(
            As("qu", HotlineRole.Reviewer), new PersonalDataSubject("qu", "T-1", null), new PersonalData(PersonalDataField.Phone, "13812345678"), "回访", Ct));

        await using var read = NewContext("qu");
        Assert.Empty(await read.Set<User>().ToListAsync(Ct));
        Assert.Empty(await read.Set<PersonalDataAccess>().ToListAsync(Ct));
    }

    [Fact]
    public async Task Refused_reads_write_nothing()
    {
        await using var db = NewContext("qu");
        var disclosure = new PersonalDataDisclosure(db, _clock);
        var subject = new PersonalDataSubject("qu", "T-1", "housing");
        var phone = new PersonalData(PersonalDataField.Phone, "13812345678");

        await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(() => disclosure.RevealAsync(As("qu", HotlineRole.Supervisor), subject, phone, "督办", Ct));
        await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(() => disclosure.RevealAsync(As("hk", HotlineRole.Reviewer), subject, phone, "回访", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => disclosure.RevealAsync(As("qu", HotlineRole.Reviewer), subject, phone, "  ", Ct));

        Assert.Empty(await db.Set<PersonalDataAccess>().ToListAsync(Ct));
    }
}

public sealed class SqliteAccessStoreTests : AccessStoreContract
{
    private protected override async Task<ITestDatabase> OpenAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresAccessStoreTests : AccessStoreContract
{
    private protected override async Task<ITestDatabase> OpenAsync() => await PostgresTestDatabase.CreateAsync();
}
