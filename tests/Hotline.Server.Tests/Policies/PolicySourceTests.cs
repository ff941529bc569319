using System.Net;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Policies;

/// <summary>
/// A tenant's policy names its regulation's section of docs/rules.md as its source, a file in the repository
/// (RulesIndexTests checks that the section is there).
/// </summary>
public sealed class PolicySourceTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Theory]
    [InlineData("hsb")]
    [InlineData("hl")]
    [InlineData("qu")]
    [InlineData("hk")]
    public async Task The_policy_source_is_the_profiles_section_of_the_rules_index(string tenant)
    {
        using var dispatcher = await host.ClientAsync(tenant, HotlineRole.Dispatcher);

        var policy = await dispatcher.GetJsonAsync("/api/policy");

        Assert.Equal($"docs/rules.md#{tenant}", policy.GetProperty("effective").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Without_credentials_the_policy_is_not_shown()
    {
        using var anonymous = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/policy", TestContext.Current.CancellationToken)).StatusCode);
    }
}
