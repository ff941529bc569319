using Microsoft.AspNetCore.Identity;

namespace Hotline.Tickets.Access;

/// <summary>
/// A person who signs in (用户): belongs to one tenant, holds roles, and, for unit roles, one
/// handling unit. Passwords are stored only as ASP.NET Core Identity hashes; repeated failures
/// lock the account for a while.
/// </summary>
public sealed class User : ITenantOwned
{
    public const int MaxUserNameLength = 64;
    public const int MaxFailedSignIns = 5;
    public const int MaxEmailLength = 254;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private string _roleList = "";
    private RoleAssignment? _roles;

    /// <summary>For EF Core, which fills the fields from the row.</summary>
    private User()
    {
        Id = TenantId = UserName = DisplayName = SecurityStamp = "";
    }

    public User(string tenantId, string userName, string displayName, RoleAssignment roles, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(roles);
        Id = Guid.CreateVersion7(createdAt).ToString("N");
        TenantId = tenantId;
        UserName = NormalizeUserName(userName);
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? UserName : displayName.Trim();
        SetRoles(roles);
        CreatedAt = createdAt;
        SecurityStamp = NewStamp();
    }

    public string Id { get; private set; }
    public string TenantId { get; private set; }

    /// <summary>Lower-case, unique within the tenant.</summary>
    public string UserName { get; private set; }

    public string DisplayName { get; private set; }
    public RoleAssignment Roles => _roles ??= RoleAssignment.FromStorage(_roleList, UnitCode);

    /// <summary>The handling unit for unit roles; null for centre staff.</summary>
    public string? UnitCode { get; private set; }

    /// <summary>Where notices to this person go (通知邮箱); null when they get none.</summary>
    public string? Email { get; private set; }

    public string? PasswordHash { get; private set; }

    /// <summary>Rotated on every password, role or status change; sessions carrying an older one are rejected.</summary>
    public string SecurityStamp { get; private set; }

    public bool IsDisabled { get; private set; }
    public int FailedSignIns { get; private set; }
    public DateTimeOffset? LockedOutUntil { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastSignInAt { get; private set; }

    public void SetEmail(string? email)
    {
        if (email is not null && (email.Length > MaxEmailLength || !email.Contains('@', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{email}' is not an e-mail address of at most {MaxEmailLength} characters.", nameof(email));
        }

        Email = email;
    }

    public static string NormalizeUserName(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        var normalized = userName.Trim().ToLowerInvariant();
        if (normalized.Length > MaxUserNameLength || normalized.Any(char.IsWhiteSpace))
            throw new ArgumentException($"A user name has at most {MaxUserNameLength} characters and no spaces.", nameof(userName));
        return normalized;
    }

    /// <summary>Sets a new password after checking <see cref="PasswordRules"/>; ends every existing session.</summary>
    public void SetPassword(string password, IPasswordHasher<User> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        PasswordRules.Check(password, UserName);
        PasswordHash = hasher.HashPassword(this, password);
        FailedSignIns = 0;
        LockedOutUntil = null;
        SecurityStamp = NewStamp();
    }

    /// <summary>
    /// Checks a sign-in attempt and records its outcome: success resets the failure count and
    /// upgrades an old hash; the <see cref="MaxFailedSignIns"/>-th failure in a row locks the
    /// account for <see cref="LockoutDuration"/>. A locked or disabled account fails even with the
    /// right password.
    /// </summary>
    public SignInCheck CheckPassword(string password, IPasswordHasher<User> hasher, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        if (IsDisabled)
            return SignInCheck.Disabled;
        if (LockedOutUntil > now)
            return SignInCheck.LockedOut;

        var result = PasswordHash is null ? PasswordVerificationResult.Failed : hasher.VerifyHashedPassword(this, PasswordHash, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            FailedSignIns++;
            if (FailedSignIns >= MaxFailedSignIns)
            {
                LockedOutUntil = now + LockoutDuration;
                FailedSignIns = 0;
            }
            return SignInCheck.WrongPassword;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            PasswordHash = hasher.HashPassword(this, password!);
        FailedSignIns = 0;
        LockedOutUntil = null;
        LastSignInAt = now;
        return SignInCheck.Succeeded;
    }

    public void AssignRoles(RoleAssignment roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        SetRoles(roles);
        SecurityStamp = NewStamp();
    }

    public void Disable()
    {
        IsDisabled = true;
        SecurityStamp = NewStamp();
    }

    public void Enable()
    {
        IsDisabled = false;
        FailedSignIns = 0;
        LockedOutUntil = null;
    }

    private void SetRoles(RoleAssignment roles)
    {
        _roles = roles;
        _roleList = roles.ToStorage();
        UnitCode = roles.UnitCode;
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}

/// <summary>The outcome of <see cref="User.CheckPassword"/>. Callers answer every failure the same way.</summary>
public enum SignInCheck
{
    Succeeded,
    WrongPassword,
    LockedOut,
    Disabled,
}
