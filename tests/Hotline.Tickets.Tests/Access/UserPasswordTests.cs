using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tickets.Tests.Access;

public sealed class UserPasswordTests
{
    private const string Password = "Hotline!2026";
    private static readonly PasswordHasher<User> Hasher = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    private User NewUser() =>
        new("hsb", "Dispatcher", "派单员", new RoleAssignment([HotlineRole.Dispatcher], null), _clock.GetUtcNow());

    [Fact]
    public void Password_is_stored_as_an_Identity_hash_and_verifies()
    {
        var user = NewUser();
        user.SetPassword(Password, Hasher);

        Assert.NotNull(user.PasswordHash);
        Assert.DoesNotContain(Password, user.PasswordHash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, Hasher.VerifyHashedPassword(user, user.PasswordHash, Password));
        Assert.Equal(SignInCheck.Succeeded, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
        Assert.Equal(_clock.GetUtcNow(), user.LastSignInAt);
        Assert.Equal(SignInCheck.WrongPassword, user.CheckPassword("Hotline!2025", Hasher, _clock.GetUtcNow()));
    }

    [Fact]
    public void Same_password_hashes_differently_for_each_user()
    {
        var a = NewUser();
        var b = NewUser();
        a.SetPassword(Password, Hasher);
        b.SetPassword(Password, Hasher);

        Assert.NotEqual(a.PasswordHash, b.PasswordHash);
    }

    [Fact]
    public void Five_failures_lock_the_account_for_fifteen_minutes_even_against_the_right_password()
    {
        var user = NewUser();
        user.SetPassword(Password, Hasher);
        for (var i = 0; i < User.MaxFailedSignIns; i++)
            Assert.Equal(SignInCheck.WrongPassword, user.CheckPassword("wrong-password", Hasher, _clock.GetUtcNow()));

        Assert.Equal(SignInCheck.LockedOut, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(SignInCheck.LockedOut, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SignInCheck.Succeeded, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
    }

    [Fact]
    public void A_success_resets_the_failure_count()
    {
        var user = NewUser();
        user.SetPassword(Password, Hasher);
        for (var i = 0; i < User.MaxFailedSignIns - 1; i++)
            user.CheckPassword("wrong-password", Hasher, _clock.GetUtcNow());
        user.CheckPassword(Password, Hasher, _clock.GetUtcNow());
        user.CheckPassword("wrong-password", Hasher, _clock.GetUtcNow());

        Assert.Equal(SignInCheck.Succeeded, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
    }

    [Fact]
    public void A_disabled_user_cannot_sign_in_and_old_sessions_lose_their_stamp()
    {
        var user = NewUser();
        user.SetPassword(Password, Hasher);
        var stamp = user.SecurityStamp;
        user.Disable();

        Assert.Equal(SignInCheck.Disabled, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
        Assert.NotEqual(stamp, user.SecurityStamp);
    }

    [Fact]
    public void A_user_without_a_password_cannot_sign_in()
    {
        Assert.Equal(SignInCheck.WrongPassword, NewUser().CheckPassword("", Hasher, _clock.GetUtcNow()));
    }

    [Fact]
    public void An_old_hash_is_upgraded_on_sign_in()
    {
        var user = NewUser();
        var v2 = new PasswordHasher<User>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        user.SetPassword(Password, v2);
        var old = user.PasswordHash;

        Assert.Equal(SignInCheck.Succeeded, user.CheckPassword(Password, Hasher, _clock.GetUtcNow()));
        Assert.NotEqual(old, user.PasswordHash);
        Assert.Equal(PasswordVerificationResult.Success, Hasher.VerifyHashedPassword(user, user.PasswordHash!, Password));
    }

    [Theory]
    [InlineData("short1!A")]
    [InlineData("alllowercaseletters")]
    [InlineData("lowercase123456")]
    [InlineData("Xdispatcher!2026")]
    public void Weak_passwords_are_refused_and_change_nothing(string password)
    {
        var user = NewUser();
        user.SetPassword(Password, Hasher);
        var hash = user.PasswordHash;

        Assert.Throws<ArgumentException>(() => user.SetPassword(password, Hasher));
        Assert.Equal(hash, user.PasswordHash);
    }

    [Fact]
    public void User_names_are_case_insensitive_and_have_no_spaces()
    {
        Assert.Equal("dispatcher", NewUser().UserName);
        Assert.Throws<ArgumentException>(() => User.NormalizeUserName("dis patcher"));
    }
}
