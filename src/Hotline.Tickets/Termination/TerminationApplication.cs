using Hotline.Tickets.Policies;

namespace Hotline.Tickets.Tickets;

/// <summary>
/// 终结办理 application: the facts, reasons and basis showing the matter was handled lawfully and the caller keeps
/// calling without grounds (HL-TRM-1, QU-TRM-1), and the leader who signed it.
/// </summary>
public sealed record TerminationApplication(string Facts, string Basis, LeaderLevel? SignedBy = null);
