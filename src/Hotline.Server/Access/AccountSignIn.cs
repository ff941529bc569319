using System.Security.Claims;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Access;

/// <summary>
/// Checks a tenant, user name and password and records the outcome (failure count, lockout, last
/// sign-in), within the per-account rate limit (<see cref="SignInLimits"/>). Every failure looks the same to the caller, and an unknown user costs as much time as
/// a wrong password, so neither the answer nor its timing tells which part was wrong.
/// </summary>
public sealed partial class AccountSignIn(
    HotlineDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, SignInLimits limits, ILogger<AccountSignIn> logger)
{
    private static readonly Lazy<(User User, string Hash)> Decoy = new(() =>
    {
        var user = new User("decoy", "decoy", "decoy", new RoleAssignment([HotlineRole.Auditor], null), DateTimeOffset.UnixEpoch);
        return (user, new PasswordHasher<User>().HashPassword(user, "Decoy-password-1"));
    });

    /// <summary>The signed-in user, or null for any failure (unknown tenant or user, wrong password, locked, disabled).</summary>
    public async Task<User?> CheckAsync(string tenantId, string userName, string password, CancellationToken cancellationToken)
    {
        // Before the check, so attempts past the account's limit never count towards its lockout.
        limits.TakeAccountAttempt(tenantId, userName);
        var user = await FindAsync(tenantId, userName, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(Decoy.Value.User, Decoy.Value.Hash, password);
            LogSignIn(tenantId, userName, "UnknownUser");
            return null;
        }

        // The failure count and lockout are saved in the user's tenant, whatever county the caller is signed in to.
        using var tenant = db.EnterTenant(user.TenantId);
        var outcome = user.CheckPassword(password, hasher, clock.GetUtcNow());
        if (outcome is SignInCheck.LockedOut or SignInCheck.Disabled)
            hasher.VerifyHashedPassword(Decoy.Value.User, Decoy.Value.Hash, password); // same cost as a real check
        await db.SaveChangesAsync(cancellationToken);
        LogSignIn(tenantId, user.UserName, outcome.ToString());
        return outcome == SignInCheck.Succeeded ? user : null;
    }

    /// <summary>The principal a cookie or token carries for <paramref name="user"/>; <see cref="SignInSessions"/> adds the session.</summary>
    public static ClaimsPrincipal PrincipalFor(User user, string authenticationType, IEnumerable<Claim>? session = null) =>
        HotlineClaims.CreatePrincipal(authenticationType, user.TenantId, user.Id, user.UserName, user.Roles,
            [new Claim(HotlineClaims.SecurityStamp, user.SecurityStamp), .. session ?? []]);

    private async Task<User?> FindAsync(string tenantId, string userName, CancellationToken cancellationToken)
    {
        string normalized;
        try
        {
            normalized = User.NormalizeUserName(userName);
        }
        catch (ArgumentException)
        {
            return null;
        }
        // Sign-in names its tenant; a caller still signed in to another county must not narrow the lookup to that one.
        return await db.Set<User>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).SingleOrDefaultAsync(u => u.TenantId == tenantId && u.UserName == normalized, cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Sign-in for {UserName} at {TenantId}: {Outcome}")]
    private partial void LogSignIn(string tenantId, string userName, string outcome);
}
