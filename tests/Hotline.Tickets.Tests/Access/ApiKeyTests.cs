using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tests.Access;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly RoleAssignment Dispatcher = new([HotlineRole.Dispatcher], null);

    [Fact]
    public void Only_the_hash_is_kept_and_the_secret_matches_it()
    {
        var (key, secret) = ApiKey.Issue("hsb", "市12345平台对接", Dispatcher, "admin", Now);

        Assert.StartsWith(ApiKey.KeyPrefix, secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40);
        Assert.Equal(ApiKey.Hash(secret), key.KeyHash);
        Assert.NotEqual(secret, key.KeyHash);
        Assert.StartsWith(key.DisplayPrefix, secret, StringComparison.Ordinal);
        Assert.NotEqual(secret, ApiKey.Issue("hsb", "second", Dispatcher, "admin", Now).Secret);
    }

    [Fact]
    public void Revoked_or_expired_keys_are_unusable()
    {
        var (key, _) = ApiKey.Issue("hsb", "sms", Dispatcher, "admin", Now, Now.AddDays(30));

        Assert.True(key.IsUsableAt(Now.AddDays(29)));
        Assert.False(key.IsUsableAt(Now.AddDays(30)));
        key.Revoke(Now.AddHours(1));
        Assert.False(key.IsUsableAt(Now.AddHours(2)));
    }

    [Fact]
    public void A_key_cannot_be_an_administrator_or_expire_in_the_past()
    {
        Assert.Throws<ArgumentException>(() => ApiKey.Issue("hsb", "x", new RoleAssignment([HotlineRole.Admin], null), "admin", Now));
        Assert.Throws<ArgumentException>(() => ApiKey.Issue("hsb", "x", Dispatcher, "admin", Now, Now));
        Assert.Throws<ArgumentException>(() => ApiKey.Issue("hsb", " ", Dispatcher, "admin", Now));
    }
}
