using System.Security.Claims;
using Hotline.Server.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// The node's memory of access tokens it read: a token is read once per <see cref="RememberedBearerTokens.Lifetime"/>,
/// never answers for another token, never past its own expiry, and hands each request a principal of its own. (That a
/// remembered token still ends with its session at the next request is <c>SessionTests</c>' guard: every request there
/// goes through this format.)
/// </summary>
public sealed class RememberedBearerTokensTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
    private readonly CountingFormat inner = new();

    [Fact]
    public void A_token_read_again_is_answered_from_memory_with_the_same_claims()
    {
        var tokens = new RememberedBearerTokens(inner, clock);
        var token = tokens.Protect(Ticket("reviewer", clock.GetUtcNow().AddHours(1)));

        var first = tokens.Unprotect(token);
        var second = tokens.Unprotect(token);

        Assert.Equal(1, inner.Reads);
        Assert.Equal("reviewer", first!.Principal.Identity!.Name);
        Assert.Equal("reviewer", second!.Principal.Identity!.Name);
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);
    }

    [Fact]
    public void Another_token_is_never_answered_with_a_remembered_ticket()
    {
        var tokens = new RememberedBearerTokens(inner, clock);
        var reviewer = tokens.Protect(Ticket("reviewer", clock.GetUtcNow().AddHours(1)));
        var dispatcher = tokens.Protect(Ticket("dispatcher", clock.GetUtcNow().AddHours(1)));

        Assert.Equal("reviewer", tokens.Unprotect(reviewer)!.Principal.Identity!.Name);
        Assert.Equal("dispatcher", tokens.Unprotect(dispatcher)!.Principal.Identity!.Name);
        Assert.Null(tokens.Unprotect(reviewer + "x"));
        Assert.Null(tokens.Unprotect(""));
    }

    [Fact]
    public void A_token_is_read_again_once_its_memory_lapses_and_not_remembered_past_its_expiry()
    {
        var tokens = new RememberedBearerTokens(inner, clock);
        var longLived = tokens.Protect(Ticket("reviewer", clock.GetUtcNow().AddHours(1)));
        var shortLived = tokens.Protect(Ticket("dispatcher", clock.GetUtcNow().AddSeconds(30)));
        tokens.Unprotect(longLived);
        tokens.Unprotect(shortLived);

        clock.Advance(TimeSpan.FromSeconds(31));
        tokens.Unprotect(shortLived);
        tokens.Unprotect(longLived);
        Assert.Equal(3, inner.Reads); // the short-lived one again, the other from memory

        clock.Advance(RememberedBearerTokens.Lifetime);
        tokens.Unprotect(longLived);
        Assert.Equal(4, inner.Reads);
    }

    [Fact]
    public void A_change_to_one_requests_principal_is_not_seen_by_the_next()
    {
        var tokens = new RememberedBearerTokens(inner, clock);
        var token = tokens.Protect(Ticket("reviewer", clock.GetUtcNow().AddHours(1)));

        var first = tokens.Unprotect(token)!;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, "admin"));
        first.Properties.Items["changed"] = "yes";

        var second = tokens.Unprotect(token)!;
        Assert.False(second.Principal.IsInRole("admin"));
        Assert.False(second.Properties.Items.ContainsKey("changed"));
        second.Principal.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.Role, "admin")]));
        Assert.False(tokens.Unprotect(token)!.Principal.IsInRole("admin"));
    }

    private static AuthenticationTicket Ticket(string name, DateTimeOffset expires) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test")),
            new AuthenticationProperties { ExpiresUtc = expires }, "test");

    /// <summary>The real ticket format over an ephemeral key, counting the tokens it reads.</summary>
    private sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        private readonly TicketDataFormat format = new(new EphemeralDataProtectionProvider().CreateProtector("test"));

        public int Reads { get; private set; }

        public string Protect(AuthenticationTicket data) => format.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => format.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText)
        {
            Reads++;
            return format.Unprotect(protectedText);
        }

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Reads++;
            return format.Unprotect(protectedText, purpose);
        }
    }
}
