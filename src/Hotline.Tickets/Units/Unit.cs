namespace Hotline.Tickets.Units;

/// <summary>What kind of body a unit is.</summary>
public enum UnitKind
{
    /// <summary>部门: a county/district department.</summary>
    Department,

    /// <summary>乡镇 / 街道: a township or street office.</summary>
    Town,

    /// <summary>村 / 社区.</summary>
    Village,

    /// <summary>公共服务企业: a public-service company.</summary>
    Company,
}

/// <summary>A named person at a unit with a phone; personal data, masked in lists.</summary>
public sealed record UnitContact(string Name, string Phone);

/// <summary>
/// A handling unit (承办单位) in a tenant's unit tree: department, town, village or company; its head leader
/// (主要负责人), deputy leader in charge of hotline work (分管领导) and liaisons (联络员) (HSB-ORG-1, HL-ORG-1, HK-ORG-1).
/// </summary>
public sealed class Unit
{
    private readonly List<UnitContact> _liaisons = [];

    private Unit()
    {
    }

    public Unit(Guid id, string tenantId, string name, UnitKind kind, Guid? parentId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (parentId == id)
        {
            throw new ArgumentException("A unit cannot be its own parent.", nameof(parentId));
        }

        Id = id;
        TenantId = tenantId;
        Name = name;
        Kind = kind;
        ParentId = parentId;
    }

    public Guid Id { get; private set; }
    public string TenantId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public UnitKind Kind { get; private set; }
    public Guid? ParentId { get; private set; }
    public UnitContact? HeadLeader { get; private set; }
    public UnitContact? DeputyLeader { get; private set; }
    public IReadOnlyList<UnitContact> Liaisons => _liaisons;
    public bool Active { get; private set; } = true;

    /// <summary>At most this many characters of a unit's name are stored.</summary>
    public const int MaxNameLength = 200;

    public void Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Trim().Length > MaxNameLength)
        {
            throw new ArgumentException($"A unit's name has at most {MaxNameLength} characters.", nameof(name));
        }

        Name = name.Trim();
    }

    public void SetLeaders(UnitContact? headLeader, UnitContact? deputyLeader)
    {
        HeadLeader = headLeader;
        DeputyLeader = deputyLeader;
    }

    public void SetLiaisons(IEnumerable<UnitContact> liaisons)
    {
        _liaisons.Clear();
        _liaisons.AddRange(liaisons);
    }

    /// <summary>Moves the unit under another; refused when that would make a cycle in the tree.</summary>
    public void MoveUnder(Unit? parent, IReadOnlyDictionary<Guid, Unit> tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        for (var ancestor = parent; ancestor is not null; ancestor = ancestor.ParentId is { } p ? tree.GetValueOrDefault(p) : null)
        {
            if (ancestor.Id == Id)
            {
                throw new InvalidOperationException($"Moving {Name} under {parent!.Name} would make a cycle.");
            }
        }

        if (parent is not null && parent.TenantId != TenantId)
        {
            throw new InvalidOperationException("A unit's parent belongs to the same tenant.");
        }

        ParentId = parent?.Id;
    }

    public void Deactivate() => Active = false;
}
