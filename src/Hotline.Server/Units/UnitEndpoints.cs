using Hotline.Server.Access;
using Hotline.Application.Units;
using Hotline.Tickets.Access;
using Hotline.Tickets.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.Units;

/// <summary>
/// The tenant's handling units (承办单位) under <c>/api/units</c>: everyone who works tickets lists them (the id is what
/// dispatch's <c>leadUnitId</c> takes); the tenant administrator creates, renames, moves and retires units and sets their
/// leaders and liaisons (HSB-ORG-1, HL-ORG-1, HK-ORG-1). The endpoints translate HTTP; <see cref="UnitTree"/> checks and
/// changes, as for the workbench's 单位 page.
/// </summary>
internal static class UnitEndpoints
{
    public static IEndpointRouteBuilder MapUnitApi(this IEndpointRouteBuilder routes)
    {
        var units = routes.MapGroup("/api/units").WithTags("Units");
        units.MapGet("/", async (bool? includeRetired, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
                TypedResults.Ok((await tree.ListAsync(me, includeRetired == true, ct)).ToArray()))
            .RequireAnyAction([HotlineAction.ManageUnits, HotlineAction.ReadTickets])
            .WithSummary("The tenant's units (phones masked); add includeRetired=true for retired ones too");
        var admin = units.MapGroup("").RequireAction(HotlineAction.ManageUnits);
        admin.MapGet("/{id}", (Guid id, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            Answer(() => tree.GetAsync(me, id, ct))).WithSummary("One unit with its contacts unmasked");
        admin.MapPost("/", (NewUnitRequest body, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            AdminProblems.AnswerAsync(async () =>
            {
                var unit = await tree.CreateAsync(me, body.Name, body.Kind, body.ParentId, ct);
                return TypedResults.Created($"/api/units/{unit.Id}", unit);
            })).WithSummary("Add a unit, optionally under a parent unit");
        admin.MapPut("/{id}/name", (Guid id, UnitNameRequest body, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            Answer(() => tree.RenameAsync(me, id, body.Name, ct))).WithSummary("Rename a unit");
        admin.MapPut("/{id}/parent", (Guid id, UnitParentRequest body, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            Answer(() => tree.MoveAsync(me, id, body.ParentId, ct))).WithSummary("Move a unit under another (parentId null: to the top)");
        admin.MapPut("/{id}/leaders", (Guid id, UnitLeadersRequest body, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            Answer(() => tree.SetLeadersAsync(me, id, body.HeadLeader, body.DeputyLeader, ct)))
            .WithSummary("Set the head leader (主要负责人) and the deputy leader in charge (分管领导)");
        admin.MapPut("/{id}/liaisons", (Guid id, UnitLiaisonsRequest body, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            Answer(() => tree.SetLiaisonsAsync(me, id, body.Liaisons, ct))).WithSummary("Replace the unit's liaisons (联络员)");
        admin.MapPost("/{id}/retire", (Guid id, [FromServices] CurrentUser me, [FromServices] UnitTree tree, CancellationToken ct) =>
            Answer(() => tree.RetireAsync(me, id, ct))).WithSummary("Retire a unit: it keeps its tickets and takes no new ones");
        return routes;
    }

    private static Task<Results<Ok<UnitView>, ProblemHttpResult>> Answer(Func<Task<UnitView>> call) =>
        AdminProblems.AnswerAsync(async () => TypedResults.Ok(await call()));
}

public sealed record NewUnitRequest(string? Name, UnitKind Kind = UnitKind.Department, Guid? ParentId = null);

public sealed record UnitNameRequest(string? Name);

public sealed record UnitParentRequest(Guid? ParentId);

public sealed record UnitLeadersRequest(UnitContactRequest? HeadLeader, UnitContactRequest? DeputyLeader);

public sealed record UnitLiaisonsRequest(IReadOnlyList<UnitContactRequest>? Liaisons);
