namespace Hotline.Server.Access;

/// <summary>Sign-in settings, from the <c>Hotline:Access</c> configuration section.</summary>
public sealed class AccessOptions
{
    public const string Section = "Hotline:Access";

    /// <summary>How long a browser session lasts without activity; it slides while used.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan BearerTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rate limits on sign-in, per client address and per account.</summary>
    public SignInLimitOptions SignInLimits { get; set; } = new();

    /// <summary>Seed the demo tenants' users at start-up. Only ever honoured in Development.</summary>
    public bool SeedDemoUsers { get; set; } = true;

    /// <summary>The demo users' password (README: sign-in).</summary>
    public string DemoPassword { get; set; } = "Hotline!2026";
}
