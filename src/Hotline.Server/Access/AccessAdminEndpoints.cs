using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Units;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Access;

/// <summary>
/// A tenant administrator's endpoints: users, API keys, the tenant's calendar days, and the
/// auditor's view of personal-data reads. Every query is limited to the caller's tenant.
/// </summary>
internal static class AccessAdminEndpoints
{
    public static void MapAccessAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/access/users").WithTags("Access").RequireAction(HotlineAction.ManageUsers);
        users.MapGet("/", ListUsers).WithSummary("The tenant's users.");
        users.MapPost("/", CreateUser).WithSummary("Add a user with roles, unit and an initial password.");
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

    private static async Task<Ok<UserView[]>> ListUsers([FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct)
    {
        var list = await db.Set<User>().AsNoTracking().OwnedBy(me).OrderBy(u => u.UserName).ToListAsync(ct);
        return TypedResults.Ok(list.Select(UserView.From).ToArray());
    }

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateUser(
        NewUserRequest request, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db,
        [FromServices] UnitReferences units, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken ct)
    {
        User user;
        try
        {
            user = new User(me.TenantId, request.UserName ?? "", request.DisplayName ?? "", AccessProblems.Roles(request.Roles, request.UnitCode), clock.GetUtcNow());
            user.SetPassword(request.Password ?? "", hasher);
        }
        catch (ArgumentException e)
        {
            return AccessProblems.Invalid(e);
        }
        if (await db.Set<User>().OwnedBy(me).AnyAsync(u => u.UserName == user.UserName, ct))
            return AccessProblems.Conflict($"The user name {user.UserName} is taken in this tenant.");
        await units.RequireUsableAsync(me.TenantId, user.UnitCode, ct);
        db.Add(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/access/users/{user.Id}", UserView.From(user));
    }

    private static Task<Results<NoContent, NotFound>> DisableUser(
        string id, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
        ChangeUserAsync(id, me, db, user => user.Disable(), ct);

    private static Task<Results<NoContent, NotFound>> EnableUser(
        string id, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct) =>
        ChangeUserAsync(id, me, db, user => user.Enable(), ct);

    /// <summary>Changes a user of the admin's tenant; another tenant's user is 404, as if it did not exist.</summary>
    private static async Task<Results<NoContent, NotFound>> ChangeUserAsync(string id, CurrentUser me, HotlineDbContext db, Action<User> change, CancellationToken ct)
    {
        var user = await db.Set<User>().OwnedBy(me).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
            return TypedResults.NotFound();
        change(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }


    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ResetPassword(
        string id, PasswordRequest request, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db,
        IPasswordHasher<User> hasher, CancellationToken ct)
    {
        var user = await db.Set<User>().OwnedBy(me).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
            return TypedResults.NotFound();
        try
        {
            user.SetPassword(request.Password ?? "", hasher);
        }
        catch (ArgumentException e)
        {
            return AccessProblems.Invalid(e);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ApiKeyView[]>> ListApiKeys([FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct)
    {
        var list = await db.Set<ApiKey>().AsNoTracking().OwnedBy(me).OrderBy(k => k.Id).ToListAsync(ct);
        return TypedResults.Ok(list.Select(k => ApiKeyView.From(k, null)).ToArray());
    }

    private static async Task<Results<Created<ApiKeyView>, ProblemHttpResult>> IssueApiKey(
        NewApiKeyRequest request, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db,
        [FromServices] UnitReferences units, TimeProvider clock, CancellationToken ct)
    {
        (ApiKey Key, string Secret) issued;
        try
        {
            issued = ApiKey.Issue(me.TenantId, request.Name ?? "", AccessProblems.Roles(request.Roles, request.UnitCode), me.UserId, clock.GetUtcNow(), request.ExpiresAt);
        }
        catch (ArgumentException e)
        {
            return AccessProblems.Invalid(e);
        }
        await units.RequireUsableAsync(me.TenantId, issued.Key.UnitCode, ct);
        db.Add(issued.Key);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/access/api-keys/{issued.Key.Id}", ApiKeyView.From(issued.Key, issued.Secret));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeApiKey(
        string id, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var key = await db.Set<ApiKey>().OwnedBy(me).SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
            return TypedResults.NotFound();
        key.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CalendarDayView[]>> ListCalendarDays([FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct)
    {
        var days = await db.Set<TenantCalendarDay>().AsNoTracking().OwnedBy(me).OrderBy(d => d.Date).ToListAsync(ct);
        return TypedResults.Ok(days.Select(CalendarDayView.From).ToArray());
    }

    private static async Task<Results<Ok<CalendarDayView>, ProblemHttpResult>> PutCalendarDay(
        DateOnly date, CalendarDayRequest request, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var day = await db.Set<TenantCalendarDay>().OwnedBy(me).SingleOrDefaultAsync(d => d.Date == date, ct);
        try
        {
            if (!Enum.TryParse<CalendarDayKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(request.Kind, out _))
                throw new ArgumentException($"Kind is one of {string.Join(", ", Enum.GetNames<CalendarDayKind>())}.", nameof(request));
            if (day is null)
                db.Add(day = new TenantCalendarDay(me.TenantId, date, kind, request.Name ?? "", me.UserId, clock.GetUtcNow()));
            else
                day.Change(kind, request.Name ?? "", me.UserId, clock.GetUtcNow());
        }
        catch (ArgumentException e)
        {
            return AccessProblems.Invalid(e);
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CalendarDayView.From(day));
    }

    private static async Task<Results<NoContent, NotFound>> DeleteCalendarDay(
        DateOnly date, [FromServices] CurrentUser me, [FromServices] HotlineDbContext db, CancellationToken ct)
    {
        var day = await db.Set<TenantCalendarDay>().OwnedBy(me).SingleOrDefaultAsync(d => d.Date == date, ct);
        if (day is null)
            return TypedResults.NotFound();
        db.Remove(day);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PersonalDataAccessView[]>> ListPersonalDataAccesses(
        string ticketId, [FromServices] CurrentUser me, [FromServices] PersonalDataDisclosure disclosure, CancellationToken ct) =>
        TypedResults.Ok((await disclosure.AccessesAsync(me, ticketId, ct)).Select(PersonalDataAccessView.From).ToArray());
}

/// <summary>Problem details for refused administration requests.</summary>
internal static class AccessProblems
{
    public static ProblemHttpResult Invalid(ArgumentException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: StripParameter(e));

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>Role names from a request; an unknown name is an error that names it.</summary>
    public static RoleAssignment Roles(IEnumerable<string>? names, string? unitCode) =>
        new((names ?? []).Select(n => HotlineRoles.Parse(n) ?? throw new ArgumentException(
            $"Unknown role '{n}'. Roles: {string.Join(", ", HotlineRoles.All.Select(r => r.Name()))}.")), unitCode);

    /// <summary>ArgumentException appends " (Parameter 'x')"; people reading the problem do not need it.</summary>
    private static string StripParameter(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}

public sealed record NewUserRequest(string? UserName, string? DisplayName, IReadOnlyList<string>? Roles, string? UnitCode, string? Password);

public sealed record PasswordRequest(string? Password);

public sealed record NewApiKeyRequest(string? Name, IReadOnlyList<string>? Roles, string? UnitCode, DateTimeOffset? ExpiresAt);

public sealed record CalendarDayRequest(string? Kind, string? Name);

public sealed record UserView(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? UnitCode, bool IsDisabled, DateTimeOffset? LastSignInAt)
{
    public static UserView From(User user) =>
        new(user.Id, user.UserName, user.DisplayName, user.Roles.Roles.Order().Select(r => r.Name()).ToArray(), user.UnitCode, user.IsDisabled, user.LastSignInAt);
}

/// <summary>An API key as listed; <see cref="Key"/> is filled only in the answer that issues it.</summary>
public sealed record ApiKeyView(string Id, string Name, string DisplayPrefix, IReadOnlyList<string> Roles, string? UnitCode, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string? Key)
{
    public static ApiKeyView From(ApiKey key, string? secret) =>
        new(key.Id, key.Name, key.DisplayPrefix, key.Roles.Roles.Order().Select(r => r.Name()).ToArray(), key.UnitCode, key.CreatedAt, key.ExpiresAt, key.RevokedAt, secret);
}

public sealed record CalendarDayView(DateOnly Date, string Kind, string Name, bool IsWorkingDay)
{
    public static CalendarDayView From(TenantCalendarDay day) => new(day.Date, day.Kind.ToString(), day.Name, day.Kind.IsWorkingDay());
}

public sealed record PersonalDataAccessView(string TicketId, string Field, string Purpose, string UserId, string UserName, string Roles, DateTimeOffset AccessedAt)
{
    public static PersonalDataAccessView From(PersonalDataAccess access) =>
        new(access.TicketId, access.Field.ToString(), access.Purpose, access.UserId, access.UserName, access.Roles, access.AccessedAt);
}
