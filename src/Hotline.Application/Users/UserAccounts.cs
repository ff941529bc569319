using System.Security.Cryptography;
using Hotline.Application.Administration;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Users;

/// <summary>
/// The tenant administrator's users (用户管理), for <c>/api/access/users</c> and the workbench's 用户 page alike: list,
/// create, roles and unit, disable and enable, set or reset a password. Only the administrator's own tenant is read, so
/// another tenant's user is not found. A refusal (<see cref="AdminRefusal"/>) is thrown before anything is saved.
/// </summary>
public sealed class UserAccounts(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Input the domain refused that has no code of its own below.</summary>
    public const string Invalid = "user.invalid";
    public const string NameInvalid = "user.name-invalid";
    public const string PasswordWeak = "user.password-weak";
    public const string NotFound = "user.not-found";
    public const string NameTaken = "user.name-taken";

    /// <summary>An administrator who disabled themselves or dropped their own admin role could lock the county out.</summary>
    public const string OwnAccount = "user.own-account";

    public async Task<IReadOnlyList<UserView>> ListAsync(CurrentUser admin, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageUsers);
        var list = await Users(scope).AsNoTracking().OwnedBy(admin).OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        return list.Select(UserView.From).ToList();
    }

    public async Task<UserView> CreateAsync(CurrentUser admin, NewUserRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageUsers);
        var roles = AdminCalls.Roles(Invalid, request.Roles, request.UnitCode);
        var user = AdminCalls.Checked(Refused, () =>
        {
            var created = new User(admin.TenantId, request.UserName ?? "", request.DisplayName ?? "", roles, clock.GetUtcNow());
            created.SetPassword(request.Password ?? "", Hasher(scope));
            return created;
        });
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        if (await db.Set<User>().OwnedBy(admin).AnyAsync(u => u.UserName == user.UserName, cancellationToken))
            throw new AdminRefusal(AdminRefusalKind.Conflict, NameTaken, $"The user name {user.UserName} is taken in this tenant.");
        await AdminCalls.RequireUsableUnitAsync(scope, admin, user.UnitCode, cancellationToken);
        db.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return UserView.From(user);
    }

    /// <summary>Replaces the user's roles and unit; their sessions end at the next request.</summary>
    public Task<UserView> AssignRolesAsync(CurrentUser admin, string id, IReadOnlyList<string>? roles, string? unitCode, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, async (scope, user) =>
        {
            var assignment = AdminCalls.Roles(Invalid, roles, unitCode);
            if (user.Id == admin.UserId && !assignment.Roles.Contains(HotlineRole.Admin))
                throw new AdminRefusal(AdminRefusalKind.Conflict, OwnAccount, "You cannot take the admin role from your own account; ask another administrator.");
            if (assignment.Equals(user.Roles))
                return;
            await AdminCalls.RequireUsableUnitAsync(scope, admin, assignment.UnitCode, cancellationToken);
            user.AssignRoles(assignment);
        }, cancellationToken);

    /// <summary>Disables the user; their sessions end at the next request.</summary>
    public Task<UserView> DisableAsync(CurrentUser admin, string id, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (_, user) =>
        {
            if (user.Id == admin.UserId)
                throw new AdminRefusal(AdminRefusalKind.Conflict, OwnAccount, "You cannot disable your own account; ask another administrator.");
            user.Disable();
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Enables a disabled user again; the lockout and failed sign-ins are cleared.</summary>
    public Task<UserView> EnableAsync(CurrentUser admin, string id, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (_, user) =>
        {
            user.Enable();
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Sets the password the administrator chose; existing sessions end.</summary>
    public Task<UserView> SetPasswordAsync(CurrentUser admin, string id, string? password, CancellationToken cancellationToken) =>
        ChangeAsync(admin, id, (scope, user) =>
        {
            AdminCalls.Checked(Refused, () =>
            {
                user.SetPassword(password ?? "", Hasher(scope));
                return user;
            });
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Sets a new random password and returns it: the administrator hands it over once; it is not stored or logged in
    /// the clear. Existing sessions end.
    /// </summary>
    public async Task<string> ResetPasswordAsync(CurrentUser admin, string id, CancellationToken cancellationToken)
    {
        var password = NewPassword();
        await SetPasswordAsync(admin, id, password, cancellationToken);
        return password;
    }

    /// <summary>A one-time password that meets <see cref="PasswordRules"/>: 14 characters from four classes, without look-alikes (0/O, 1/l/I) so it can be read out on the phone.</summary>
    public static string NewPassword()
    {
        const string lower = "abcdefghijkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%*+-=?";
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)], upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        const string all = lower + upper + digits + symbols;
        while (chars.Count < 14)
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chars));
        return new string([.. chars]);
    }

    /// <summary>Changes one user of the administrator's tenant; another tenant's user is not found, as if it did not exist.</summary>
    private async Task<UserView> ChangeAsync(CurrentUser admin, string id, Func<AsyncServiceScope, User, Task> change, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageUsers);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var user = await db.Set<User>().OwnedBy(admin).SingleOrDefaultAsync(u => u.Id == id, cancellationToken)
            ?? throw new AdminRefusal(AdminRefusalKind.NotFound, NotFound, $"There is no user {id} in this tenant.");
        await change(scope, user);
        await db.SaveChangesAsync(cancellationToken);
        return UserView.From(user);
    }

    /// <summary>The code of the input the domain refused: the user name or the password (<see cref="PasswordRules"/>).</summary>
    private static string Refused(ArgumentException e) => e.ParamName switch
    {
        "userName" => NameInvalid,
        "password" => PasswordWeak,
        _ => Invalid,
    };

    private static DbSet<User> Users(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<User>();

    private static IPasswordHasher<User> Hasher(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
}

public sealed record NewUserRequest(string? UserName, string? DisplayName, IReadOnlyList<string>? Roles, string? UnitCode, string? Password);

public sealed record UserView(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? UnitCode, bool IsDisabled, DateTimeOffset? LastSignInAt)
{
    public static UserView From(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user.Id, user.UserName, user.DisplayName, user.Roles.Roles.Order().Select(r => r.Name()).ToArray(), user.UnitCode, user.IsDisabled, user.LastSignInAt);
    }
}
