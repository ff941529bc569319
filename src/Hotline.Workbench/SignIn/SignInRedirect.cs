namespace Hotline.Workbench.SignIn;

/// <summary>Where the sign-in page sends a visitor afterwards: back to the page they asked for, never off the site.</summary>
public static class SignInRedirect
{
    public const string Path = "/sign-in";

    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    public static string For(string pathAndQuery) => $"{Path}?returnUrl={Uri.EscapeDataString(LocalOrHome(pathAndQuery))}";
}
