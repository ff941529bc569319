using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Access;

/// <summary>
/// Reveals a caller's personal data to a reader the <see cref="PersonalDataPolicy"/> allows, after
/// committing a <see cref="PersonalDataAccess"/> record: if the audit cannot be written, nothing
/// is revealed. The ticket API calls it; lists and logs use <see cref="PersonalData.Masked"/>.
/// </summary>
public sealed class PersonalDataDisclosure(DbContext db, TimeProvider clock)
{
    /// <remarks>
    /// It commits its audit record at once, so it refuses to run while the context holds other
    /// unsaved changes: a ticket action's changes must never be committed as a side effect of a read.
    /// </remarks>
    /// <exception cref="PersonalDataAccessDeniedException">The reader may not see this field of this ticket.</exception>
    /// <exception cref="ArgumentException">The purpose is missing or too long.</exception>
    public async Task<string> RevealAsync(
        CurrentUser reader, PersonalDataSubject subject, PersonalData data, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!PersonalDataPolicy.MayReveal(reader, subject, data.Field))
            throw new PersonalDataAccessDeniedException(data.Field);
        if (db.ChangeTracker.HasChanges())
            throw new InvalidOperationException("Reveal personal data before or after a unit of work, not inside one: the context has unsaved changes.");

        db.Set<PersonalDataAccess>().Add(new PersonalDataAccess(reader, subject, data.Field, purpose, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return data.Value;
    }

    /// <summary>The recorded reads of one ticket's personal data, newest first, within the reader's tenant.</summary>
    public async Task<IReadOnlyList<PersonalDataAccess>> AccessesAsync(CurrentUser reader, string ticketId, CancellationToken cancellationToken = default) =>
        await db.Set<PersonalDataAccess>().AsNoTracking()
            .OwnedBy(reader)
            .Where(a => a.TicketId == ticketId)
            // Ids are version-7 GUIDs, so they sort by time on every provider (SQLite cannot order DateTimeOffset).
            .OrderByDescending(a => a.Id)
            .ToListAsync(cancellationToken);
}

/// <summary>A reader asked for personal data the privacy rules keep from them (rules.md §5.9); HTTP 403.</summary>
public sealed class PersonalDataAccessDeniedException(PersonalDataField field)
    : AccessDeniedException($"Your roles do not allow reading the caller's {field.ToString().ToLowerInvariant()} unmasked ({PersonalDataPolicy.RuleIds}).")
{
    public PersonalDataField Field { get; } = field;
}
