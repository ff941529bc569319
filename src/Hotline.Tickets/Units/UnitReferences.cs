using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Units;

/// <summary>
/// The one check of a unit id that a ticket action or an account names: the unit exists in the caller's tenant and is
/// active. Another tenant's unit answers as unknown, so nothing about it is disclosed. Runs before anything is saved.
/// </summary>
public sealed class UnitReferences(HotlineDbContext db)
{
    public async Task RequireUsableAsync(string tenantId, IEnumerable<Guid> unitIds, CancellationToken cancellationToken)
    {
        var wanted = unitIds.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var found = await db.Units.AsNoTracking()
            .Where(u => u.TenantId == tenantId && wanted.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Active, cancellationToken);
        foreach (var id in wanted)
        {
            if (!found.TryGetValue(id, out var active))
            {
                throw new TicketRuleViolation(ErrorCodes.UnitUnknown, $"There is no unit {id} in this tenant.");
            }

            if (!active)
            {
                throw new TicketRuleViolation(ErrorCodes.UnitInactive, $"Unit {id} is no longer active; choose an active unit.");
            }
        }
    }

    /// <summary>An account's unit code (a unit id as text), when it has one.</summary>
    public Task RequireUsableAsync(string tenantId, string? unitCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(unitCode))
        {
            return Task.CompletedTask;
        }

        return Guid.TryParse(unitCode.Trim(), out var id)
            ? RequireUsableAsync(tenantId, [id], cancellationToken)
            : throw new TicketRuleViolation(ErrorCodes.UnitUnknown, $"There is no unit '{unitCode}' in this tenant; a unit code is the unit's id.");
    }
}
