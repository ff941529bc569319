using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Queues;

/// <summary>A unit as a picker or filter lists it.</summary>
public sealed record UnitOption(Guid Id, string Name)
{
    /// <summary>The user's tenant's units by name: all of them for a filter, the active ones for a dispatch form.</summary>
    public static async Task<IReadOnlyList<UnitOption>> ListAsync(IServiceScopeFactory scopes, CurrentUser user, bool activeOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = scopes.OpenFor(user);
        var units = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Units.AsNoTracking().Where(u => u.TenantId == user.TenantId);
        if (activeOnly)
            units = units.Where(u => u.Active);
        return await units.OrderBy(u => u.Name).Select(u => new UnitOption(u.Id, u.Name)).ToListAsync(cancellationToken);
    }
}
