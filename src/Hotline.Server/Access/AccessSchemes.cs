namespace Hotline.Server.Access;

/// <summary>
/// The authentication schemes: browsers carry a cookie, systems a bearer token or an API key.
/// <see cref="Default"/> picks one per request from the headers it carries.
/// </summary>
public static class AccessSchemes
{
    public const string Default = "Hotline";
    public const string Cookie = "Hotline.Cookie";
    public const string Bearer = "Hotline.Bearer";
    public const string ApiKey = "Hotline.ApiKey";

    /// <summary>The header systems put their key in; Studio's <c>Authorization: ApiKey …</c> works too.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
