using Hotline.Application.Administration;
using Hotline.Application.Queues;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Units;

/// <summary>
/// The tenant's handling units (承办单位), for <c>/api/units</c>, the workbench's 单位 page and every unit picker: everyone
/// who works tickets lists them; the tenant administrator creates, renames, moves and retires units and sets their
/// leaders and liaisons (HSB-ORG-1, HL-ORG-1, HK-ORG-1). Another tenant's unit is not found. A retired unit stays on
/// the tickets it had, takes no new ones (<see cref="UnitReferences"/>) and is no longer changed.
/// </summary>
public sealed class UnitTree(IServiceScopeFactory scopes)
{
    /// <summary>Input the domain refused that has no code of its own below.</summary>
    public const string Invalid = "unit.invalid";
    public const string NameInvalid = "unit.name-invalid";
    public const string KindUnknown = "unit.kind-unknown";
    public const string ContactInvalid = "unit.contact-invalid";
    public const string NotFound = "unit.not-found";
    public const string ParentUnknown = "unit.parent-unknown";
    public const string Retired = "unit.retired";
    public const string Cycle = "unit.cycle";
    public const string HasActiveChildren = "unit.has-active-children";

    /// <summary>The tenant's units by name, contacts' phones masked; retired ones only when asked for.</summary>
    public async Task<IReadOnlyList<UnitView>> ListAsync(CurrentUser user, bool includeRetired, CancellationToken cancellationToken)
    {
        await using var scope = OpenForReading(user);
        return (await Query(scope, user, includeRetired).ToListAsync(cancellationToken)).Select(u => UnitView.From(u, masked: true)).ToList();
    }

    /// <summary>The tenant's units as a picker or filter lists them: all for a filter, the active ones for a form.</summary>
    public async Task<IReadOnlyList<UnitOption>> OptionsAsync(CurrentUser user, bool activeOnly, CancellationToken cancellationToken)
    {
        await using var scope = OpenForReading(user);
        return await Query(scope, user, includeRetired: !activeOnly).Select(u => new UnitOption(u.Id, u.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>One unit with its contacts unmasked, for the administrator.</summary>
    public async Task<UnitView> GetAsync(CurrentUser admin, Guid id, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageUnits);
        var unit = await Units(scope).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.TenantId == admin.TenantId, cancellationToken);
        return unit is null ? throw Missing(id) : UnitView.From(unit, masked: false);
    }

    /// <summary>Adds a unit, at the top or under an active unit of the tenant.</summary>
    public async Task<UnitView> CreateAsync(CurrentUser admin, string? name, UnitKind kind, Guid? parentId, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageUnits);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        if (parentId is { } p)
            Usable(await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == p && u.TenantId == admin.TenantId, cancellationToken), p);
        if (!Enum.IsDefined(kind))
            throw new AdminRefusal(AdminRefusalKind.Invalid, KindUnknown, $"kind is one of {string.Join(", ", Enum.GetNames<UnitKind>())}.");
        var unit = AdminCalls.Checked(Refused, () =>
        {
            var created = new Unit(Guid.CreateVersion7(), admin.TenantId, "-", kind, parentId);
            created.Rename(name ?? "");
            return created;
        });
        db.Add(unit);
        await db.SaveChangesAsync(cancellationToken);
        return UnitView.From(unit, masked: false);
    }

    public Task<UnitView> RenameAsync(CurrentUser admin, Guid id, string? name, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (unit, _) => unit.Rename(name ?? ""), cancellationToken, renames: true);

    /// <summary>Moves a unit under another active unit of the tenant (null: to the top); a cycle is refused.</summary>
    public Task<UnitView> MoveAsync(CurrentUser admin, Guid id, Guid? parentId, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (unit, tree) =>
        {
            var parent = parentId is { } p ? Parent(tree, p) : null;
            try
            {
                unit.MoveUnder(parent, tree);
            }
            catch (InvalidOperationException e)
            {
                throw new AdminRefusal(AdminRefusalKind.Conflict, Cycle, e.Message);
            }
        }, cancellationToken);

    /// <summary>Sets the head leader (主要负责人) and the deputy leader in charge (分管领导).</summary>
    public Task<UnitView> SetLeadersAsync(CurrentUser admin, Guid id, UnitContactRequest? headLeader, UnitContactRequest? deputyLeader, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (unit, _) => unit.SetLeaders(Contact(headLeader), Contact(deputyLeader)), cancellationToken);

    /// <summary>Replaces the unit's liaisons (联络员).</summary>
    public Task<UnitView> SetLiaisonsAsync(CurrentUser admin, Guid id, IReadOnlyList<UnitContactRequest>? liaisons, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (unit, _) => unit.SetLiaisons((liaisons ?? []).Select(c => Contact(c)!).ToList()), cancellationToken);

    /// <summary>Retires a unit: it keeps its tickets and takes no new ones. One with active units under it is refused.</summary>
    public Task<UnitView> RetireAsync(CurrentUser admin, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (unit, tree) =>
        {
            if (tree.Values.Any(u => u.ParentId == unit.Id && u.Active))
                throw new AdminRefusal(AdminRefusalKind.Conflict, HasActiveChildren, $"Move or retire the units under {unit.Name} first.");
            unit.Deactivate();
        }, cancellationToken);

    /// <summary>Loads one unit of the administrator's tenant with the tenant's tree, applies a change, saves; refusals save nothing.</summary>
    private async Task<UnitView> ChangeAsync(CurrentUser admin, Guid id, Action<Unit, IReadOnlyDictionary<Guid, Unit>> change, CancellationToken cancellationToken,
        bool renames = false)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageUnits);
        var tree = await Units(scope).Where(u => u.TenantId == admin.TenantId).ToDictionaryAsync(u => u.Id, cancellationToken);
        if (!tree.TryGetValue(id, out var unit))
            throw Missing(id);
        if (!unit.Active)
            throw new AdminRefusal(AdminRefusalKind.Conflict, Retired, $"Unit {unit.Name} is retired; it is no longer changed.");
        AdminCalls.Checked(Refused, () =>
        {
            change(unit, tree);
            return unit;
        });
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        if (renames)
        {
            // With the name, in the same save: every node's kept unit names (UnitNameCache) are stale from this commit on.
            (await db.Tenants.SingleAsync(t => t.Id == admin.TenantId, cancellationToken)).UnitRenamed();
        }

        await db.SaveChangesAsync(cancellationToken);
        return UnitView.From(unit, masked: false);
    }

    private static Unit Parent(IReadOnlyDictionary<Guid, Unit> tree, Guid parentId) => Usable(tree.GetValueOrDefault(parentId), parentId);

    /// <summary>A unit goes under an active unit of the tenant only, when created as when moved: a retired one takes no new units.</summary>
    private static Unit Usable(Unit? parent, Guid parentId) =>
        parent is null
            ? throw new AdminRefusal(AdminRefusalKind.Unprocessable, ParentUnknown, $"There is no unit {parentId} in this tenant.")
            : parent.Active ? parent : throw new AdminRefusal(AdminRefusalKind.Unprocessable, ErrorCodes.UnitInactive, $"Unit {parent.Name} is retired.");

    /// <summary>The code of the input the domain refused: the unit's name.</summary>
    private static string Refused(ArgumentException e) => e.ParamName == "name" ? NameInvalid : Invalid;

    /// <summary>A contact as sent: a name (at most 100 characters) and a phone by the same rule as a caller's.</summary>
    private static UnitContact? Contact(UnitContactRequest? contact)
    {
        if (contact is null)
            return null;
        if (string.IsNullOrWhiteSpace(contact.Name) || contact.Name.Trim().Length > 100)
            throw new AdminRefusal(AdminRefusalKind.Invalid, ContactInvalid, "A contact has a name of 1–100 characters.");
        if (!Caller.IsPhone(contact.Phone))
            throw new AdminRefusal(AdminRefusalKind.Invalid, ContactInvalid, $"A contact's phone is digits with + - ( ) and spaces, {Caller.MinPhoneDigits} to {Caller.MaxPhoneDigits} digits.");
        return new UnitContact(contact.Name.Trim(), contact.Phone!.Trim());
    }

    private static AdminRefusal Missing(Guid id) => new(AdminRefusalKind.NotFound, NotFound, $"There is no unit {id} in this tenant.");

    /// <summary>Everyone who works tickets reads the list (the id is what dispatch's <c>leadUnitId</c> takes), and the administrator.</summary>
    private AsyncServiceScope OpenForReading(CurrentUser user) =>
        AdminCalls.Open(scopes, user, user.IsAllowed(HotlineAction.ManageUnits) ? HotlineAction.ManageUnits : HotlineAction.ReadTickets);

    private static IQueryable<Unit> Query(AsyncServiceScope scope, CurrentUser user, bool includeRetired)
    {
        var query = Units(scope).AsNoTracking().Where(u => u.TenantId == user.TenantId);
        if (!includeRetired)
            query = query.Where(u => u.Active);
        return query.OrderBy(u => u.Name);
    }

    private static DbSet<Unit> Units(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Units;
}

/// <summary>A unit contact as entered: checked into a <see cref="UnitContact"/>.</summary>
public sealed record UnitContactRequest(string? Name, string? Phone);

/// <summary>A unit as listed; <see cref="Id"/> is what dispatch's <c>leadUnitId</c> and an account's <c>unitCode</c> take.</summary>
public sealed record UnitView(Guid Id, string Name, string Kind, Guid? ParentId, bool Active, UnitContact? HeadLeader, UnitContact? DeputyLeader, IReadOnlyList<UnitContact> Liaisons)
{
    public static UnitView From(Unit unit, bool masked)
    {
        ArgumentNullException.ThrowIfNull(unit);
        UnitContact? Show(UnitContact? c) => c is null ? null : masked ? c with { Phone = PersonalData.Mask(PersonalDataField.Phone, c.Phone) } : c;
        return new(unit.Id, unit.Name, unit.Kind.ToString(), unit.ParentId, unit.Active, Show(unit.HeadLeader), Show(unit.DeputyLeader), unit.Liaisons.Select(c => Show(c)!).ToList());
    }
}
