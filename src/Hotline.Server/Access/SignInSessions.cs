using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Hotline.Server.Access;

/// <summary>
/// Server-side sessions behind cookies and bearer tokens (<see cref="UserSession"/>). Every request's principal is
/// checked against its session and user row, so logout, a reused refresh token, a disabled user or changed roles
/// (a new security stamp) take effect at the next request on every node. A refresh moves the token family to its
/// next generation; presenting an older refresh token ends the whole family. Each check works in the tenant the
/// principal names (before the request's user is known, the scope has none).
/// </summary>
public sealed partial class SignInSessions(HotlineDbContext db, TimeProvider clock, ILogger<SignInSessions> logger)
{
    public async Task<UserSession> OpenAsync(User user, SessionKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var session = new UserSession(user.TenantId, user.Id, kind, clock.GetUtcNow());
        db.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The principal a cookie or token carries for <paramref name="user"/> in <paramref name="session"/>.</summary>
    public static ClaimsPrincipal PrincipalFor(User user, string authenticationType, UserSession session) =>
        AccountSignIn.PrincipalFor(user, authenticationType,
            [new Claim(HotlineClaims.SessionId, session.Id), new Claim(HotlineClaims.SessionGeneration, session.Generation.ToString(CultureInfo.InvariantCulture))]);

    /// <summary>True while the principal's session is open, at its generation, and its user enabled and unchanged.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        await CheckAsync(principal, cancellationToken) is not null;

    /// <summary>
    /// As <see cref="IsCurrentAsync"/>, and the tenant row read in the same statement (null when the session is not
    /// current): a request that acts on a ticket needs the row anyway (<see cref="SignedInTenant"/>).
    /// </summary>
    public async Task<CurrentSession?> CheckAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var (sessionId, generation, stamp) = Read(principal);
        if (sessionId is null || generation is null || stamp is null || principal.FindFirstValue(HotlineClaims.TenantId) is not { Length: > 0 } tenantId)
            return null;
        using var tenant = db.EnterTenant(tenantId);
        return await CurrentCheck.GetValue(db.Model, _ => CompileCurrentCheck())(db, sessionId, generation.Value, stamp, tenantId, cancellationToken);
    }

    /// <summary>A session found current, with its tenant's row (null only if the row is missing).</summary>
    public sealed record CurrentSession(Tenant? Tenant);

    /// <summary>
    /// Every request runs this check, so it is compiled once per model (each provider has its own): as a LINQ query it
    /// was built, walked and looked up in EF's query cache on every request. Still one statement, with the tenant row
    /// joined to it (left: a missing row does not end the session, as before) on the session's own tenant column: joined
    /// to a constant row instead, EF wrapped it in a cross join of a materialised one-row subquery, more work for
    /// SQLite on every request, whose page cache another connection's commit has usually just emptied.
    /// </summary>
    private static readonly ConditionalWeakTable<IModel, Func<HotlineDbContext, string, int, string, string, CancellationToken, Task<CurrentSession?>>> CurrentCheck = [];

    private static Func<HotlineDbContext, string, int, string, string, CancellationToken, Task<CurrentSession?>> CompileCurrentCheck() =>
        EF.CompileAsyncQuery((HotlineDbContext db, string sessionId, int generation, string stamp, string tenantId, CancellationToken _) =>
            (from s in db.Set<UserSession>().AsNoTracking()
             where s.Id == sessionId && s.EndedAt == null && s.Generation == generation && s.TenantId == tenantId
             join u in db.Set<User>().AsNoTracking() on s.UserId equals u.Id
             where !u.IsDisabled && u.SecurityStamp == stamp && u.TenantId == tenantId
             join t in db.Set<Tenant>().AsNoTracking() on s.TenantId equals t.Id into tenants
             from t in tenants.DefaultIfEmpty()
             select new CurrentSession(t))
            .FirstOrDefault());

    /// <summary>Ends the principal's session (logout); a principal without one changes nothing.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, string reason, CancellationToken cancellationToken)
    {
        if (Read(principal).SessionId is not { } sessionId || principal.FindFirstValue(HotlineClaims.TenantId) is not { Length: > 0 } tenantId)
            return;
        using var tenant = db.EnterTenant(tenantId);
        var session = await db.Set<UserSession>().SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
            return;
        session.End(reason, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Moves the refresh token's family to its next generation and answers the user and session to issue new tokens
    /// for; null when the token is not the family's current one (then the family ends), the session has ended, or
    /// the user is disabled or changed.
    /// </summary>
    public async Task<(User User, UserSession Session)?> RenewAsync(ClaimsPrincipal refreshPrincipal, CancellationToken cancellationToken)
    {
        var (sessionId, generation, stamp) = Read(refreshPrincipal);
        if (sessionId is null || generation is null || stamp is null || refreshPrincipal.FindFirstValue(HotlineClaims.TenantId) is not { Length: > 0 } tenantId)
            return null;
        using var tenant = db.EnterTenant(tenantId);
        var session = await db.Set<UserSession>().SingleOrDefaultAsync(s => s.Id == sessionId && s.Kind == SessionKind.Token, cancellationToken);
        if (session is not { IsOpen: true })
            return null;
        if (session.Generation != generation)
            return await EndFamilyAsync(session, cancellationToken);

        var user = await db.Set<User>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == session.UserId && u.TenantId == session.TenantId, cancellationToken);
        if (user is not { IsDisabled: false } || user.SecurityStamp != stamp)
        {
            session.End("account-changed", clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        session.Renew();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another refresh with the same token won the race: the token was used twice.
            db.ChangeTracker.Clear();
            var current = await db.Set<UserSession>().SingleAsync(s => s.Id == sessionId, cancellationToken);
            return await EndFamilyAsync(current, cancellationToken);
        }

        return (user, session);
    }

    private async Task<(User, UserSession)?> EndFamilyAsync(UserSession session, CancellationToken cancellationToken)
    {
        session.End("refresh-token-reused", clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        LogReuse(session.TenantId, session.UserId, session.Id);
        return null;
    }

    private static (string? SessionId, int? Generation, string? Stamp) Read(ClaimsPrincipal principal) =>
        (principal.FindFirstValue(HotlineClaims.SessionId),
         int.TryParse(principal.FindFirstValue(HotlineClaims.SessionGeneration), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : null,
         principal.FindFirstValue(HotlineClaims.SecurityStamp));

    [LoggerMessage(LogLevel.Warning, "A used refresh token was presented again for user {UserId} at {TenantId}; session {SessionId} and all its tokens are ended")]
    private partial void LogReuse(string tenantId, string userId, string sessionId);
}
