using Hotline.Application.Names;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// A ticket as its page (工单详情) reads it, through <see cref="TicketActionRunner"/>: the same visibility as
/// <c>GET /api/tickets/{number}</c> and the same audited caller reveal, in a scope of its own with the circuit's user.
/// </summary>
public sealed class TicketReader(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>The ticket of the user's tenant, or null when there is none or it is not theirs to see.</summary>
    public async Task<TicketSheet?> ReadAsync(CurrentUser user, string number, CancellationToken cancellationToken)
    {
        if (!user.IsAllowed(HotlineAction.ReadTickets))
            return null;
        await using var scope = scopes.OpenFor(user);
        var view = await Runner(scope, user).ReadAsync(number, cancellationToken);
        if (view is null)
            return null;
        var labels = view.Timeline.Select(e => ActorNames.LabelOf(e.ActorId, e.Role));
        var names = await scope.ServiceProvider.GetRequiredService<ActorNames>().NamesAsync(user.TenantId, labels, cancellationToken);
        return new TicketSheet(view, names, time.GetUtcNow());
    }

    /// <summary>
    /// One caller field unmasked; the read is recorded (<see cref="PersonalDataAccess"/>) before the value is returned.
    /// Null when the ticket is not the user's to see.
    /// </summary>
    /// <exception cref="PersonalDataAccessDeniedException">The user's roles may not see this field.</exception>
    public async Task<string?> RevealCallerAsync(CurrentUser user, string number, PersonalDataField field, string purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        return await Runner(scope, user).RevealCallerAsync(number, field, purpose, cancellationToken);
    }

    internal static TicketActionRunner Runner(AsyncServiceScope scope, CurrentUser user) =>
        ActivatorUtilities.CreateInstance<TicketActionRunner>(scope.ServiceProvider, user);
}
