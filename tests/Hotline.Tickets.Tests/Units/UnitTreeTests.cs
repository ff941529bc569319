using Hotline.Tickets.Units;

namespace Hotline.Tickets.Tests.Units;

/// <summary>The unit tree of a tenant: departments, towns, villages.</summary>
public sealed class UnitTreeTests
{
    private static readonly Unit Town = new(Guid.NewGuid(), "hsb", "红寺堡镇", UnitKind.Town);
    private static readonly Unit Village = new(Guid.NewGuid(), "hsb", "某村", UnitKind.Village, Town.Id);

    [Fact]
    public void Moving_a_unit_under_its_own_descendant_is_refused()
    {
        var tree = new[] { Town, Village }.ToDictionary(u => u.Id);
        Assert.Throws<InvalidOperationException>(() => Town.MoveUnder(Village, tree));
        Assert.Null(Town.ParentId);
    }

    [Fact]
    public void A_unit_cannot_join_another_tenants_tree()
    {
        var other = new Unit(Guid.NewGuid(), "qu", "渠县水务局", UnitKind.Department);
        var unit = new Unit(Guid.NewGuid(), "hsb", "某部门", UnitKind.Department);
        Assert.Throws<InvalidOperationException>(() => unit.MoveUnder(other, new Dictionary<Guid, Unit> { [other.Id] = other }));
    }

    [Fact]
    public void A_unit_is_not_its_own_parent()
    {
        var id = Guid.NewGuid();
        Assert.Throws<ArgumentException>(() => new Unit(id, "hsb", "x", UnitKind.Department, id));
    }
}
