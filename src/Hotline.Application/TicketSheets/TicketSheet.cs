using Hotline.Application.Queues;
using Hotline.Application.Tickets;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// The ticket page's read: the application's <see cref="TicketView"/> itself, as <c>GET /api/tickets/{number}</c> answers
/// it (the caller masked; the unmasked values come only from the reveal), with what a person's page adds to it: who
/// acted, by name (<see cref="Names.ActorNames"/>), the deadline lights at the moment it was read, and the state and
/// category typed for the page's offers.
/// </summary>
public sealed record TicketSheet(TicketView View, IReadOnlyDictionary<string, string> ActorNames, DateTimeOffset ReadAt)
{
    public string Number => View.Number;

    public int Revision => View.Revision;

    public TicketState State => Enum.Parse<TicketState>(View.State);

    public TicketCategory Category => Enum.Parse<TicketCategory>(View.Category);

    public IReadOnlyList<AssignmentView> Units => View.Units;

    /// <summary>The actions (<c>TicketAction</c> names) the ticket's workflows wait for now; the page offers only these.</summary>
    public IReadOnlyList<string> Awaits => View.Requests.AwaitedActions;

    /// <summary>The unit handling the ticket now, as <see cref="Hotline.Tickets.Access.PersonalDataSubject.HandlingUnitCode"/> names it.</summary>
    public string? LeadUnitCode => Units.FirstOrDefault(u => u.Active && u.Role == "Lead")?.UnitId.ToString();

    /// <summary>Who took the action: a user's display name, an API key's name, 系统; else the recorded id.</summary>
    public string Actor(EventView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ActorNames.GetValueOrDefault(Names.ActorNames.LabelOf(entry.ActorId, entry.Role), entry.ActorId);
    }

    /// <summary>The unit the action concerned, by name.</summary>
    public string? UnitName(EventView entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.UnitId is { } id ? Units.FirstOrDefault(u => u.UnitId == id)?.UnitName ?? id.ToString() : null;
    }

    /// <summary>The workbench's light of a clock when the page was read (a running clock's warning point, else its span's last fifth).</summary>
    public DeadlineLight Light(ClockView clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.Running ? DeadlineLights.Of(new ClockTimes(clock.StartedAt, clock.DueAt, clock.WarningAt, clock.Overdue), ReadAt)
            : clock.Overdue ? DeadlineLight.Overdue : DeadlineLight.Normal;
    }
}
