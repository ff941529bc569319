using Hotline.Application.ApiKeys;
using Hotline.Application.Calendar;
using Hotline.Application.Users;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.Access;

/// <summary>
/// A tenant administrator's endpoints: users, API keys, the tenant's calendar days, and the
/// auditor's view of personal-data reads. They translate HTTP only: the use cases (<see cref="UserAccounts"/>,
/// <see cref="ApiKeyRegistry"/>, <see cref="TenantCalendar"/>) check and change, as for the workbench's admin pages.
/// </summary>
internal static class AccessAdminEndpoints
{
    public static void MapAccessAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/access/users").WithTags("Access").RequireAction(HotlineAction.ManageUsers);
        users.MapGet("/", ListUsers).WithSummary("The tenant's users.");
        users.MapPost("/", CreateUser).WithSummary("Add a user with roles, unit and an initial password.");
        users.MapPut("/{id}/roles", AssignRoles).WithSummary("Replace a user's roles and unit; their sessions end.");
        users.MapPost("/{id}/disable", DisableUser).WithSummary("Disable a user; their sessions end within minutes and tokens at refresh.");
        users.MapPost("/{id}/enable", EnableUser).WithSummary("Enable a disabled user again; the lockout and failed sign-ins are cleared.");
        users.MapPut("/{id}/password", ResetPassword).WithSummary("Set a user's password; existing sessions end.");

        var keys = routes.MapGroup("/api/access/api-keys").WithTags("Access").RequireAction(HotlineAction.ManageApiKeys);
        keys.MapGet("/", ListApiKeys).WithSummary("The tenant's API keys (never the keys themselves).");
        keys.MapPost("/", IssueApiKey).WithSummary("Issue an API key; the answer is the only time the key is shown.");
        keys.MapDelete("/{id}", RevokeApiKey).WithSummary("Revoke an API key at once.");

        var calendar = routes.MapGroup("/api/calendar/days").WithTags("Calendar").RequireAction(HotlineAction.ManageCalendar);
        calendar.MapGet("/", ListCalendarDays).WithSummary("The tenant's own calendar days (local holidays, added years).");
        calendar.MapPut("/{date}", PutCalendarDay).WithSummary("Add or change a tenant calendar day; deadlines computed afterwards use it.");
        calendar.MapDelete("/{date}", DeleteCalendarDay).WithSummary("Remove a tenant calendar day.");

        routes.MapGet("/api/access/personal-data-accesses", ListPersonalDataAccesses)
            .WithTags("Access").RequireAction(HotlineAction.ReadAudit)
            .WithSummary("Who read a ticket's caller data unmasked, when and why.");
    }

    private static async Task<Ok<UserView[]>> ListUsers([FromServices] CurrentUser me, [FromServices] UserAccounts users, CancellationToken ct) =>
        TypedResults.Ok((await users.ListAsync(me, ct)).ToArray());

    private static Task<Results<Created<UserView>, ProblemHttpResult>> CreateUser(
        NewUserRequest request, [FromServices] CurrentUser me, [FromServices] UserAccounts users, CancellationToken ct) =>
        AdminProblems.AnswerAsync(async () =>
        {
            var user = await users.CreateAsync(me, request, ct);
            return TypedResults.Created($"/api/access/users/{user.Id}", user);
        });

    private static Task<Results<Ok<UserView>, ProblemHttpResult>> AssignRoles(
        string id, RolesRequest request, [FromServices] CurrentUser me, [FromServices] UserAccounts users, CancellationToken ct) =>
        AdminProblems.AnswerAsync(async () => TypedResults.Ok(await users.AssignRolesAsync(me, id, request.Roles, request.UnitCode, ct)));

    private static Task<Results<NoContent, ProblemHttpResult>> DisableUser(
        string id, [FromServices] CurrentUser me, [FromServices] UserAccounts users, CancellationToken ct) =>
        AdminProblems.NoContentAsync(() => users.DisableAsync(me, id, ct));

    private static Task<Results<NoContent, ProblemHttpResult>> EnableUser(
        string id, [FromServices] CurrentUser me, [FromServices] UserAccounts users, CancellationToken ct) =>
        AdminProblems.NoContentAsync(() => users.EnableAsync(me, id, ct));

    private static Task<Results<NoContent, ProblemHttpResult>> ResetPassword(
        string id, PasswordRequest request, [FromServices] CurrentUser me, [FromServices] UserAccounts users, CancellationToken ct) =>
        AdminProblems.NoContentAsync(() => users.SetPasswordAsync(me, id, request.Password, ct));

    private static async Task<Ok<ApiKeyView[]>> ListApiKeys([FromServices] CurrentUser me, [FromServices] ApiKeyRegistry keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(me, ct)).ToArray());

    private static Task<Results<Created<ApiKeyView>, ProblemHttpResult>> IssueApiKey(
        NewApiKeyRequest request, [FromServices] CurrentUser me, [FromServices] ApiKeyRegistry keys, CancellationToken ct) =>
        AdminProblems.AnswerAsync(async () =>
        {
            var key = await keys.IssueAsync(me, request, ct);
            return TypedResults.Created($"/api/access/api-keys/{key.Id}", key);
        });

    private static Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        string id, [FromServices] CurrentUser me, [FromServices] ApiKeyRegistry keys, CancellationToken ct) =>
        AdminProblems.NoContentAsync(() => keys.RevokeAsync(me, id, ct));

    private static async Task<Ok<CalendarDayView[]>> ListCalendarDays([FromServices] CurrentUser me, [FromServices] TenantCalendar calendar, CancellationToken ct) =>
        TypedResults.Ok((await calendar.ListAsync(me, ct)).ToArray());

    private static Task<Results<Ok<CalendarDayView>, ProblemHttpResult>> PutCalendarDay(
        DateOnly date, CalendarDayRequest request, [FromServices] CurrentUser me, [FromServices] TenantCalendar calendar, CancellationToken ct) =>
        AdminProblems.AnswerAsync(async () => TypedResults.Ok(await calendar.PutAsync(me, date, request.Kind, request.Name, ct)));

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteCalendarDay(
        DateOnly date, [FromServices] CurrentUser me, [FromServices] TenantCalendar calendar, CancellationToken ct) =>
        AdminProblems.NoContentAsync(() => calendar.RemoveAsync(me, date, ct));

    private static async Task<Ok<PersonalDataAccessView[]>> ListPersonalDataAccesses(
        string ticketId, [FromServices] CurrentUser me, [FromServices] PersonalDataDisclosure disclosure, CancellationToken ct) =>
        TypedResults.Ok((await disclosure.AccessesAsync(me, ticketId, ct)).Select(PersonalDataAccessView.From).ToArray());
}

public sealed record PasswordRequest(string? Password);

/// <summary>A user's new roles and, for unit roles, their unit.</summary>
public sealed record RolesRequest(IReadOnlyList<string>? Roles, string? UnitCode);

public sealed record CalendarDayRequest(string? Kind, string? Name);

public sealed record PersonalDataAccessView(string TicketId, string Field, string Purpose, string UserId, string UserName, string Roles, DateTimeOffset AccessedAt)
{
    public static PersonalDataAccessView From(PersonalDataAccess access) =>
        new(access.TicketId, access.Field.ToString(), access.Purpose, access.UserId, access.UserName, access.Roles, access.AccessedAt);
}
