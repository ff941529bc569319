namespace Hotline.Tickets.Access;

/// <summary>
/// Who may see a caller's personal data unmasked (rules.md §5.9). The seeds make the data
/// confidential (HK-PRV-1, HL-PRV-1, QU-PRV-1) but do not list roles, so this is the least that
/// lets the work be done: the dispatcher who registers and calls back, the centre reviewer who
/// revisits, and the auditor, for every field; the handling unit's own staff, for name and phone
/// only, because first contact (先行联系) and the reply need them. Everyone else sees masks.
/// </summary>
public static class PersonalDataPolicy
{
    private static readonly HashSet<HotlineRole> CentreReaders = [HotlineRole.Dispatcher, HotlineRole.Reviewer, HotlineRole.Auditor];
    private static readonly HashSet<PersonalDataField> UnitFields = [PersonalDataField.Name, PersonalDataField.Phone];

    /// <summary>The privacy rules a refusal cites.</summary>
    public const string RuleIds = "HK-PRV-1, HL-PRV-1, QU-PRV-1";

    public static bool MayReveal(CurrentUser reader, PersonalDataSubject subject, PersonalDataField field)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(subject);
        if (!reader.BelongsTo(subject.TenantId))
            return false;
        if (reader.IsInAnyRole(CentreReaders))
            return true;
        return UnitFields.Contains(field)
            && (reader.IsInRole(HotlineRole.UnitHandler) || reader.IsInRole(HotlineRole.UnitLeader))
            && reader.UnitCode is not null
            && string.Equals(reader.UnitCode, subject.HandlingUnitCode, StringComparison.Ordinal);
    }
}

/// <summary>The ticket whose caller's data is read: its tenant, id, and the unit handling it now.</summary>
public sealed record PersonalDataSubject(string TenantId, string TicketId, string? HandlingUnitCode);
