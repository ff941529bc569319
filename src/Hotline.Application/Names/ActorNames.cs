using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Names;

/// <summary>
/// Who a workflow journal line says acted (操作人), as staff read it. The engine records a label: <c>Role:userId</c> for a
/// ticket action (<c>Role:api-key:id</c> for a system's key), the user name of whoever ran or altered a flow in Studio,
/// and <c>system…</c> for the product's own steps. Names are looked up in one tenant only, so a journal never shows
/// another county's people; a label that names no one of the tenant keeps only its role.
/// </summary>
public sealed class ActorNames(HotlineDbContext db)
{
    private const string ApiKeyPrefix = "api-key:";

    /// <summary>The display text of each distinct label, e.g. <c>王芳（审核员）</c>, <c>系统（定时器）</c>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(string tenantId, IEnumerable<string?> labels, CancellationToken cancellationToken)
    {
        var found = await FindAsync(tenantId, labels, cancellationToken);
        return found.Parsed.ToDictionary(p => p.Label, p => p switch
        {
            { IsSystem: true } => System(p.Id),
            { Role: { } role } when p.Id.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) =>
                found.Keys.TryGetValue(p.Id[ApiKeyPrefix.Length..], out var key) ? $"{key}（API 密钥，{role.Title()}）" : $"API 密钥（{role.Title()}）",
            { Role: { } role } => found.ById.TryGetValue(p.Id, out var name) ? $"{name}（{role.Title()}）" : role.Title(),
            _ => found.ByName.TryGetValue(p.Id, out var name) ? name : p.Label,
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// The actor's own name of each distinct label, without the role (the ticket page shows the role beside it): a
    /// user's display name, an API key's name, <c>系统</c>; a label that names no one of the tenant keeps its id.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(string tenantId, IEnumerable<string?> labels, CancellationToken cancellationToken)
    {
        var found = await FindAsync(tenantId, labels, cancellationToken);
        return found.Parsed.ToDictionary(p => p.Label, p => p switch
        {
            { IsSystem: true } => System(p.Id),
            { Role: not null } when p.Id.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) =>
                found.Keys.TryGetValue(p.Id[ApiKeyPrefix.Length..], out var key) ? key : p.Id,
            { Role: not null } => found.ById.GetValueOrDefault(p.Id, p.Id),
            _ => found.ByName.GetValueOrDefault(p.Id, p.Label),
        }, StringComparer.Ordinal);
    }

    /// <summary>The label a ticket event's actor has in a journal: <c>Role:id</c>, or the id alone for the system's own steps.</summary>
    public static string LabelOf(string actorId, string? role) =>
        role is null || actorId.StartsWith("system", StringComparison.Ordinal) ? actorId : $"{role}:{actorId}";

    private async Task<Found> FindAsync(string tenantId, IEnumerable<string?> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var parsed = labels.OfType<string>().Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).Select(Parse).ToList();
        var ids = parsed.Where(p => p.Role is not null && !p.Id.StartsWith(ApiKeyPrefix, StringComparison.Ordinal)).Select(p => p.Id).ToList();
        var keyIds = parsed.Where(p => p.Id.StartsWith(ApiKeyPrefix, StringComparison.Ordinal)).Select(p => p.Id[ApiKeyPrefix.Length..]).ToList();
        var userNames = parsed.Where(p => p.Role is null && !p.IsSystem).Select(p => p.Id).ToList();

        var byId = ids.Count == 0 ? [] : await db.Set<User>().AsNoTracking()
            .Where(u => u.TenantId == tenantId && ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, StringComparer.Ordinal, cancellationToken);
        var byName = userNames.Count == 0 ? [] : await db.Set<User>().AsNoTracking()
            .Where(u => u.TenantId == tenantId && userNames.Contains(u.UserName))
            .ToDictionaryAsync(u => u.UserName, u => u.DisplayName, StringComparer.Ordinal, cancellationToken);
        var keys = keyIds.Count == 0 ? [] : await db.Set<ApiKey>().AsNoTracking()
            .Where(k => k.TenantId == tenantId && keyIds.Contains(k.Id))
            .ToDictionaryAsync(k => k.Id, k => k.Name, StringComparer.Ordinal, cancellationToken);
        return new Found(parsed, byId, byName, keys);
    }

    private static string System(string label) => label switch
    {
        "system:timer" => "系统（定时器）",
        "system:deadline" => "系统（时限监控）",
        "system:ticket-closed" => "系统（工单办结）",
        _ => "系统",
    };

    private static Parsed Parse(string label)
    {
        if (label == "system" || label.StartsWith("system:", StringComparison.Ordinal))
        {
            return new(label, label, null, IsSystem: true);
        }

        var colon = label.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<HotlineRole>(label[..colon], ignoreCase: false, out var role) && Enum.IsDefined(role)
            ? new(label, label[(colon + 1)..], role, IsSystem: false)
            : new(label, label, null, IsSystem: false);
    }

    private sealed record Parsed(string Label, string Id, HotlineRole? Role, bool IsSystem);

    private sealed record Found(List<Parsed> Parsed, Dictionary<string, string> ById, Dictionary<string, string> ByName, Dictionary<string, string> Keys);
}
