using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Access;

/// <summary>
/// One sign-in of a person (会话): a browser's cookie session or a system's token family (an access token and the
/// refresh token that renews it). Cookies and tokens carry its id, and every request checks it is still open, so
/// logout, a reused refresh token, a disabled user or changed roles end it at the next request on any node.
/// </summary>
public sealed class UserSession : ITenantOwned
{
    public const int MaxReasonLength = 64;

    private UserSession()
    {
        Id = TenantId = UserId = "";
    }

    public UserSession(string tenantId, string userId, SessionKind kind, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        Id = Guid.NewGuid().ToString("N");
        TenantId = tenantId;
        UserId = userId;
        Kind = kind;
        CreatedAt = createdAt;
    }

    public string Id { get; private set; }
    public string TenantId { get; private set; }
    public string UserId { get; private set; }
    public SessionKind Kind { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// The token family's current generation: a refresh moves it on, so the tokens of the previous generation (the
    /// used refresh token, the old access token) no longer match. Always 0 for a cookie session.
    /// </summary>
    public int Generation { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Why it ended: <c>logout</c>, <c>refresh-token-reused</c>, <c>account-changed</c>.</summary>
    public string? EndReason { get; private set; }

    public bool IsOpen => EndedAt is null;

    /// <summary>Moves the token family on by one generation; only an open session renews.</summary>
    public int Renew()
    {
        if (!IsOpen)
            throw new InvalidOperationException($"Session {Id} has ended ({EndReason}).");
        return ++Generation;
    }

    public void End(string reason, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!IsOpen)
            return;
        EndedAt = at;
        EndReason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
    }
}

public enum SessionKind
{
    Cookie,
    Token,
}

/// <summary>EF mapping of <see cref="UserSession"/>; <see cref="UserSession.Generation"/> guards two refreshes racing with one token.</summary>
public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(32);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Generation).IsConcurrencyToken();
        builder.Property(s => s.EndReason).HasMaxLength(UserSession.MaxReasonLength);
        builder.Ignore(s => s.IsOpen);
        builder.HasIndex(s => new { s.TenantId, s.UserId });
    }
}
