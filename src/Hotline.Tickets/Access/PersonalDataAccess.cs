namespace Hotline.Tickets.Access;

/// <summary>
/// One unmasked read of a caller's personal data (个人信息查阅记录): who, when, which ticket, which
/// field and why. Written before the clear value is returned; never changed afterwards.
/// </summary>
public sealed class PersonalDataAccess : ITenantOwned
{
    public const int MaxPurposeLength = 200;

    private PersonalDataAccess()
    {
        Id = TenantId = TicketId = UserId = UserName = Roles = Purpose = "";
    }

    public PersonalDataAccess(CurrentUser reader, PersonalDataSubject subject, PersonalDataField field, string purpose, DateTimeOffset accessedAt)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(subject);
        if (string.IsNullOrWhiteSpace(purpose))
            throw new ArgumentException("Say why the personal data is needed (e.g. 回访, 先行联系).", nameof(purpose));
        purpose = purpose.Trim();
        if (purpose.Length > MaxPurposeLength)
            throw new ArgumentException($"A purpose has at most {MaxPurposeLength} characters.", nameof(purpose));

        Id = Guid.CreateVersion7(accessedAt).ToString("N");
        TenantId = subject.TenantId;
        TicketId = subject.TicketId;
        Field = field;
        Purpose = purpose;
        UserId = reader.UserId;
        UserName = reader.UserName;
        Roles = string.Join(',', reader.Roles.Order().Select(r => r.Name()));
        AccessedAt = accessedAt;
    }

    public string Id { get; private set; }
    public string TenantId { get; private set; }
    public string TicketId { get; private set; }
    public PersonalDataField Field { get; private set; }
    public string Purpose { get; private set; }
    public string UserId { get; private set; }
    public string UserName { get; private set; }

    /// <summary>The reader's roles at the time of the read.</summary>
    public string Roles { get; private set; }

    public DateTimeOffset AccessedAt { get; private set; }
}
