using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Units;

/// <summary>
/// The tenant's handling units (承办单位) under <c>/api/units</c>: everyone who works tickets lists them (the id is what
/// dispatch's <c>leadUnitId</c> takes); the tenant administrator creates, renames, moves and retires units and sets their
/// leaders and liaisons (HSB-ORG-1, HL-ORG-1, HK-ORG-1). Another tenant's unit answers 404. A retired unit stays on the
/// tickets it had and takes no new ones (<see cref="UnitReferences"/>).
/// </summary>
internal static class UnitEndpoints
{
    public static IEndpointRouteBuilder MapUnitApi(this IEndpointRouteBuilder routes)
    {
        var units = routes.MapGroup("/api/units").WithTags("Units");
        units.MapGet("/", ListAsync).RequireAnyAction([HotlineAction.ManageUnits, HotlineAction.ReadTickets])
            .WithSummary("The tenant's units (phones masked); add includeRetired=true for retired ones too");
        var admin = units.MapGroup("").RequireAction(HotlineAction.ManageUnits);
        admin.MapGet("/{id}", GetAsync).WithSummary("One unit with its contacts unmasked");
        admin.MapPost("/", CreateAsync).WithSummary("Add a unit, optionally under a parent unit");
        admin.MapPut("/{id}/name", (Guid id, UnitNameRequest body, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
            new UnitChanges(me, db).ChangeAsync(id, (unit, _) => unit.Rename(body.Name ?? ""), ct)).WithSummary("Rename a unit");
        admin.MapPut("/{id}/parent", (Guid id, UnitParentRequest body, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
            new UnitChanges(me, db).ChangeAsync(id, (unit, tree) => unit.MoveUnder(body.ParentId is { } p ? UnitChanges.Parent(tree, p) : null, tree), ct))
            .WithSummary("Move a unit under another (parentId null: to the top)");
        admin.MapPut("/{id}/leaders", (Guid id, UnitLeadersRequest body, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
            new UnitChanges(me, db).ChangeAsync(id, (unit, _) => unit.SetLeaders(UnitChanges.Contact(body.HeadLeader), UnitChanges.Contact(body.DeputyLeader)), ct))
            .WithSummary("Set the head leader (主要负责人) and the deputy leader in charge (分管领导)");
        admin.MapPut("/{id}/liaisons", (Guid id, UnitLiaisonsRequest body, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
            new UnitChanges(me, db).ChangeAsync(id, (unit, _) => unit.SetLiaisons((body.Liaisons ?? []).Select(c => UnitChanges.Contact(c)!).ToList()), ct))
            .WithSummary("Replace the unit's liaisons (联络员)");
        admin.MapPost("/{id}/retire", (Guid id, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
            new UnitChanges(me, db).ChangeAsync(id, UnitChanges.Retire, ct)).WithSummary("Retire a unit: it keeps its tickets and takes no new ones");
        return routes;
    }

    private static async Task<Ok<UnitView[]>> ListAsync(bool? includeRetired, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct)
    {
        var query = db.Units.AsNoTracking().Where(u => u.TenantId == me.TenantId);
        if (includeRetired != true)
            query = query.Where(u => u.Active);
        var list = await query.OrderBy(u => u.Name).ToListAsync(ct);
        return TypedResults.Ok(list.Select(u => UnitView.From(u, masked: true)).ToArray());
    }

    private static async Task<Results<Ok<UnitView>, ProblemHttpResult>> GetAsync(Guid id, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
        await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id && u.TenantId == me.TenantId, ct) is { } unit
            ? TypedResults.Ok(UnitView.From(unit, masked: false))
            : UnitChanges.NotFound(id);

    private static async Task<Results<Created<UnitView>, ProblemHttpResult>> CreateAsync(
        NewUnitRequest body, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct)
    {
        if (body.ParentId is { } parentId && !await db.Units.AnyAsync(u => u.Id == parentId && u.TenantId == me.TenantId, ct))
            return UnitChanges.Problem(StatusCodes.Status422UnprocessableEntity, "unit.parent-unknown", $"There is no unit {parentId} in this tenant to put the new unit under.");
        Unit unit;
        try
        {
            if (!Enum.IsDefined(body.Kind))
                throw new ArgumentException($"kind is one of {string.Join(", ", Enum.GetNames<UnitKind>())}.");
            unit = new Unit(Guid.CreateVersion7(), me.TenantId, "-", body.Kind, body.ParentId);
            unit.Rename(body.Name ?? "");
        }
        catch (ArgumentException e)
        {
            return UnitChanges.Invalid(e);
        }

        db.Add(unit);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/units/{unit.Id}", UnitView.From(unit, masked: false));
    }
}

/// <summary>Loads one unit of the caller's tenant with its tenant's tree, applies a change, saves; refusals save nothing.</summary>
internal sealed class UnitChanges(CurrentUser me, HotlineDbContext db)
{
    public async Task<Results<Ok<UnitView>, ProblemHttpResult>> ChangeAsync(Guid id, Action<Unit, IReadOnlyDictionary<Guid, Unit>> change, CancellationToken ct)
    {
        var tree = await db.Units.Where(u => u.TenantId == me.TenantId).ToDictionaryAsync(u => u.Id, ct);
        if (!tree.TryGetValue(id, out var unit))
            return NotFound(id);
        if (!unit.Active)
            return Problem(StatusCodes.Status409Conflict, "unit.retired", $"Unit {unit.Name} is retired; it is no longer changed.");
        try
        {
            change(unit, tree);
        }
        catch (UnitRefusal refusal)
        {
            return Problem(refusal.Status, refusal.Code, refusal.Message);
        }
        catch (InvalidOperationException e)
        {
            return Problem(StatusCodes.Status409Conflict, "unit.cycle", e.Message);
        }
        catch (ArgumentException e)
        {
            return Invalid(e);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(UnitView.From(unit, masked: false));
    }

    /// <summary>A unit with active units under it is not retired: they would be left without their parent.</summary>
    public static void Retire(Unit unit, IReadOnlyDictionary<Guid, Unit> tree)
    {
        if (tree.Values.Any(u => u.ParentId == unit.Id && u.Active))
            throw new UnitRefusal(StatusCodes.Status409Conflict, "unit.has-active-children", $"Move or retire the units under {unit.Name} first.");
        unit.Deactivate();
    }

    public static Unit Parent(IReadOnlyDictionary<Guid, Unit> tree, Guid parentId) =>
        tree.TryGetValue(parentId, out var parent)
            ? parent.Active ? parent : throw new UnitRefusal(StatusCodes.Status422UnprocessableEntity, "unit.inactive", $"Unit {parent.Name} is retired.")
            : throw new UnitRefusal(StatusCodes.Status422UnprocessableEntity, "unit.parent-unknown", $"There is no unit {parentId} in this tenant.");

    /// <summary>A contact as sent: a name (at most 100 characters) and a phone by the same rule as a caller's.</summary>
    public static UnitContact? Contact(UnitContactRequest? contact)
    {
        if (contact is null)
            return null;
        if (string.IsNullOrWhiteSpace(contact.Name) || contact.Name.Trim().Length > 100)
            throw new ArgumentException("A contact has a name of 1–100 characters.");
        if (!Caller.IsPhone(contact.Phone))
            throw new ArgumentException($"A contact's phone is digits with + - ( ) and spaces, {Caller.MinPhoneDigits} to {Caller.MaxPhoneDigits} digits.");
        return new UnitContact(contact.Name.Trim(), contact.Phone!.Trim());
    }

    public static ProblemHttpResult NotFound(Guid id) =>
        Problem(StatusCodes.Status404NotFound, "unit.not-found", $"There is no unit {id} in this tenant.");

    public static ProblemHttpResult Invalid(ArgumentException e) =>
        Problem(StatusCodes.Status400BadRequest, "unit.invalid", e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));

    public static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(statusCode: status, title: "The unit change was refused", detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });

    private sealed class UnitRefusal(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }
}

public sealed record NewUnitRequest(string? Name, UnitKind Kind = UnitKind.Department, Guid? ParentId = null);

public sealed record UnitNameRequest(string? Name);

public sealed record UnitParentRequest(Guid? ParentId);

public sealed record UnitContactRequest(string? Name, string? Phone);

public sealed record UnitLeadersRequest(UnitContactRequest? HeadLeader, UnitContactRequest? DeputyLeader);

public sealed record UnitLiaisonsRequest(IReadOnlyList<UnitContactRequest>? Liaisons);

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
