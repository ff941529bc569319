using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Access;

/// <summary>Turns the signed-in user into the <see cref="TicketActor"/> a ticket action records.</summary>
public static class TicketActors
{
    /// <summary>
    /// The user acting in <paramref name="role"/>, for their unit when it is a unit role. A user
    /// may hold several roles; the action says which one it is taken in.
    /// </summary>
    /// <exception cref="AccessDeniedException">The user does not hold the role.</exception>
    public static TicketActor ActingAs(this CurrentUser user, HotlineRole role)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsAuthenticated || !user.IsInRole(role))
            throw new AccessDeniedException($"{user} does not hold the {role} role.");
        var ticketRole = Enum.Parse<TicketRole>(role.ToString());
        Guid? unitId = role.IsUnitRole() && Guid.TryParse(user.UnitCode, out var unit) ? unit : null;
        return new TicketActor(user.UserId, ticketRole, unitId);
    }
}
