using System.Collections.Frozen;

namespace Hotline.Tickets.Access;

/// <summary>
/// The roles a user or API key holds, and the unit (承办单位) it acts for. Invariants: at least one
/// role; unit roles need a unit code; centre-only holders have none.
/// </summary>
public sealed record RoleAssignment
{
    public const int MaxUnitCodeLength = 64;

    public RoleAssignment(IEnumerable<HotlineRole> roles, string? unitCode)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var set = roles.ToFrozenSet();
        if (set.Count == 0)
            throw new ArgumentException("At least one role is required.", nameof(roles));
        var unknown = set.Where(r => !Enum.IsDefined(r)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Unknown role {unknown[0]}.", nameof(roles));

        unitCode = string.IsNullOrWhiteSpace(unitCode) ? null : unitCode.Trim();
        var unitRoles = set.Where(r => r.IsUnitRole()).ToArray();
        if (unitRoles.Length > 0 && unitCode is null)
            throw new ArgumentException($"{unitRoles[0]} acts for a handling unit: a unit code is required.", nameof(unitCode));
        if (unitRoles.Length == 0 && unitCode is not null)
            throw new ArgumentException("Only unit handlers and unit leaders belong to a unit.", nameof(unitCode));
        if (unitCode?.Length > MaxUnitCodeLength)
            throw new ArgumentException($"A unit code has at most {MaxUnitCodeLength} characters.", nameof(unitCode));

        Roles = set;
        UnitCode = unitCode;
    }

    public IReadOnlySet<HotlineRole> Roles { get; }
    public string? UnitCode { get; }

    /// <summary>The roles as stored in one column: names in declaration order, comma-separated.</summary>
    public string ToStorage() => string.Join(',', Roles.Order().Select(r => r.Name()));

    /// <summary>Reads <see cref="ToStorage"/>'s format back; names no longer known are dropped.</summary>
    public static RoleAssignment FromStorage(string roleList, string? unitCode) =>
        new(roleList.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(HotlineRoles.Parse).OfType<HotlineRole>(), unitCode);

    public bool Equals(RoleAssignment? other) =>
        other is not null && UnitCode == other.UnitCode && Roles.SetEquals(other.Roles);

    public override int GetHashCode() => HashCode.Combine(UnitCode, Roles.Count);
}
