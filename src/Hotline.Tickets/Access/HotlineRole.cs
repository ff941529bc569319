namespace Hotline.Tickets.Access;

/// <summary>
/// What a person or system does at the hotline (岗位角色). Roles are per tenant; the actions each
/// may take come from the regulations (rules.md §6) and live in <see cref="ActionPermissions"/>.
/// </summary>
public enum HotlineRole
{
    /// <summary>派单员: registers, dispatches, redispatches, redirects emergencies (centre).</summary>
    Dispatcher,

    /// <summary>审核员: reviews returns, replies and screening; revisits callers (centre).</summary>
    Reviewer,

    /// <summary>承办单位联络员 / 专职负责人: the unit's hotline staff who sign, handle and reply.</summary>
    UnitHandler,

    /// <summary>承办单位分管领导 / 主要领导: signs off returns, extensions, appeals and terminations.</summary>
    UnitLeader,

    /// <summary>提级退办审核: the BurdenReductionMechanism (整治形式主义为基层减负专项工作机制, HSB).</summary>
    EscalationReviewer,

    /// <summary>督办: supervision and interviews (督查室, centre supervision staff).</summary>
    Supervisor,

    /// <summary>纪委监委联络员: receives discipline referrals.</summary>
    DisciplineLiaison,

    /// <summary>流程管理员: designs and publishes the workflows in Studio.</summary>
    ProcessOwner,

    /// <summary>审计员: reads every ticket and its history; reveals personal data only with a purpose, audited.</summary>
    Auditor,

    /// <summary>系统管理员: users, API keys and the tenant calendar of one tenant.</summary>
    Admin,
}

/// <summary>Role facts the rest of the domain asks about.</summary>
public static class HotlineRoles
{
    /// <summary>Every role, in declaration order.</summary>
    public static IReadOnlyList<HotlineRole> All { get; } = Enum.GetValues<HotlineRole>();

    /// <summary>Roles that act for a handling unit (承办单位) and therefore belong to one.</summary>
    public static bool IsUnitRole(this HotlineRole role) => role is HotlineRole.UnitHandler or HotlineRole.UnitLeader;

    /// <summary>
    /// The claim, storage and policy value of a role: kebab case, e.g. <c>unit-handler</c>, the
    /// form the Elsa API's caller check and the demo user names use too.
    /// </summary>
    public static string Name(this HotlineRole role) =>
        string.Concat(role.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>The role's Chinese title, as centre staff say it.</summary>
    public static string Title(this HotlineRole role) => role switch
    {
        HotlineRole.Dispatcher => "派单员",
        HotlineRole.Reviewer => "审核员",
        HotlineRole.UnitHandler => "承办单位联络员",
        HotlineRole.UnitLeader => "承办单位领导",
        HotlineRole.EscalationReviewer => "提级退办审核员",
        HotlineRole.Supervisor => "督办员",
        HotlineRole.DisciplineLiaison => "纪委监委联络员",
        HotlineRole.ProcessOwner => "流程管理员",
        HotlineRole.Auditor => "审计员",
        HotlineRole.Admin => "系统管理员",
        _ => role.ToString(),
    };

    /// <summary>The role named <paramref name="name"/> in kebab case or as the enum name (<c>UnitHandler</c>), or null.</summary>
    public static HotlineRole? Parse(string? name)
    {
        var compact = name?.Replace("-", "", StringComparison.Ordinal);
        return !string.IsNullOrEmpty(compact) && !compact.All(char.IsAsciiDigit)
            && Enum.TryParse<HotlineRole>(compact, ignoreCase: true, out var role) && Enum.IsDefined(role) ? role : null;
    }
}
