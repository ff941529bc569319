using Hotline.Application.Administration;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.ApiKeys;

/// <summary>
/// The tenant's API keys (接口密钥), for <c>/api/access/api-keys</c> and the workbench's API 密钥 page: list, issue (the
/// plain key is returned once and never stored), revoke. Another tenant's key is not found.
/// </summary>
public sealed class ApiKeyRegistry(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Input the domain refused that has no code of its own below.</summary>
    public const string Invalid = "api-key.invalid";
    public const string NameInvalid = "api-key.name-invalid";
    public const string ExpiryPast = "api-key.expiry-past";

    /// <summary>Administrators sign in as people; a key never holds the admin role.</summary>
    public const string AdminRole = "api-key.admin-role";
    public const string NotFound = "api-key.not-found";

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CurrentUser admin, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageApiKeys);
        var list = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<ApiKey>().AsNoTracking().OwnedBy(admin)
            .OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return list.Select(k => ApiKeyView.From(k, null)).ToList();
    }

    /// <summary>Issues a key; the answer's <see cref="ApiKeyView.Key"/> is the only copy of the plain key.</summary>
    public async Task<ApiKeyView> IssueAsync(CurrentUser admin, NewApiKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageApiKeys);
        var roles = AdminCalls.Roles(Invalid, request.Roles, request.UnitCode);
        var (key, secret) = AdminCalls.Checked(e => e.ParamName switch
        {
            "name" => NameInvalid,
            "expiresAt" => ExpiryPast,
            "roles" => AdminRole,
            _ => Invalid,
        }, () => ApiKey.Issue(admin.TenantId, request.Name ?? "", roles, admin.UserId, clock.GetUtcNow(), request.ExpiresAt));
        await AdminCalls.RequireUsableUnitAsync(scope, admin, key.UnitCode, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return ApiKeyView.From(key, secret);
    }

    /// <summary>Revokes a key at once; revoking a revoked key keeps its first revocation time.</summary>
    public async Task<ApiKeyView> RevokeAsync(CurrentUser admin, string id, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageApiKeys);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var key = await db.Set<ApiKey>().OwnedBy(admin).SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new AdminRefusal(AdminRefusalKind.NotFound, NotFound, $"There is no API key {id} in this tenant.");
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return ApiKeyView.From(key, null);
    }
}

public sealed record NewApiKeyRequest(string? Name, IReadOnlyList<string>? Roles, string? UnitCode, DateTimeOffset? ExpiresAt);

/// <summary>An API key as listed; <see cref="Key"/> is filled only in the answer that issues it.</summary>
public sealed record ApiKeyView(string Id, string Name, string DisplayPrefix, IReadOnlyList<string> Roles, string? UnitCode, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? Key)
{
    public static ApiKeyView From(ApiKey key, string? secret)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Name, key.DisplayPrefix, key.Roles.Roles.Order().Select(r => r.Name()).ToArray(), key.UnitCode, key.CreatedAt, key.ExpiresAt, key.RevokedAt, secret);
    }
}
