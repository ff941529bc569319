using System.Security.Cryptography;
using System.Text;

namespace Hotline.Tickets.Access;

/// <summary>
/// A key a system (the city platform, an SMS gateway, a reporting tool) signs in with (接口密钥).
/// Only a SHA-256 hash of the key is stored: the key has 256 random bits, so a fast hash is
/// enough and lets a request find its key in one indexed lookup. The plain key is shown once,
/// when issued.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public const string KeyPrefix = "hlk_";
    public const int MaxNameLength = 100;

    private string _roleList = "";
    private RoleAssignment? _roles;

    private ApiKey()
    {
        Id = TenantId = Name = KeyHash = DisplayPrefix = CreatedBy = "";
    }

    private ApiKey(string tenantId, string name, RoleAssignment roles, string keyHash, string displayPrefix, string createdBy, DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        Id = Guid.CreateVersion7(createdAt).ToString("N");
        TenantId = tenantId;
        Name = name;
        KeyHash = keyHash;
        DisplayPrefix = displayPrefix;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        AssignRoles(roles);
    }

    public string Id { get; private set; }
    public string TenantId { get; private set; }

    /// <summary>What the key is for, e.g. "市12345平台对接".</summary>
    public string Name { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public string KeyHash { get; private set; }

    /// <summary>The key's first characters, so an administrator can tell keys apart.</summary>
    public string DisplayPrefix { get; private set; }

    public RoleAssignment Roles => _roles ??= RoleAssignment.FromStorage(_roleList, UnitCode);
    public string? UnitCode { get; private set; }
    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Issues a new key; the returned secret is the only copy of the plain key.</summary>
    public static (ApiKey Key, string Secret) Issue(
        string tenantId, string name, RoleAssignment roles, string createdBy, DateTimeOffset now, DateTimeOffset? expiresAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        ArgumentNullException.ThrowIfNull(roles);
        name = name.Trim();
        if (name.Length > MaxNameLength)
            throw new ArgumentException($"An API key's name has at most {MaxNameLength} characters.", nameof(name));
        if (expiresAt <= now)
            throw new ArgumentException("An API key's expiry must be in the future.", nameof(expiresAt));

        var secret = KeyPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (new ApiKey(tenantId, name, roles, Hash(secret), secret[..(KeyPrefix.Length + 6)], createdBy, now, expiresAt), secret);
    }

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? "")));

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void AssignRoles(RoleAssignment roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Roles.Contains(HotlineRole.Admin))
            throw new ArgumentException("An API key cannot hold the admin role; administrators sign in as people.", nameof(roles));
        _roles = roles;
        _roleList = roles.ToStorage();
        UnitCode = roles.UnitCode;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
