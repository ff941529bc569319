namespace Hotline.Application.Administration;

/// <summary>The codes of a refused set of roles, the same for a user's roles and an API key's (400).</summary>
public static class RoleRefusals
{
    public const string None = "role.none";
    public const string Unknown = "role.unknown";

    /// <summary>Unit handlers and unit leaders act for a unit: one must be given.</summary>
    public const string UnitRequired = "role.unit-required";

    /// <summary>Only unit roles belong to a unit.</summary>
    public const string UnitNotAllowed = "role.unit-not-allowed";
}
