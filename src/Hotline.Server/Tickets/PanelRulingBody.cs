namespace Hotline.Server.Tickets;

/// <summary>
/// HK-SCR-2 第三方评价会: the panel's ruling on a dissatisfied caller's request. Reasonable: the unit solves it by
/// <see cref="ResolveBy"/>; unreasonable: the unit may appeal, otherwise the centre archives the ticket.
/// </summary>
public sealed record PanelRulingBody(bool Reasonable, string Reason, DateTimeOffset? ResolveBy = null);
