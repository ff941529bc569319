namespace Hotline.Tickets.Tickets;

/// <summary>
/// The caller (诉求人 / 来电人). Personal data, kept in its own table and never written to logs:
/// <see cref="ToString"/> masks it (HK-PRV-1, HL-PRV-1, QU-PRV-1).
/// </summary>
public sealed class Caller
{
    private Caller()
    {
    }

    /// <summary>The address is often not given on a call; its default also keeps it optional in the API's schema.</summary>
    public Caller(string? name, string? phone, string? address = null, bool concealedIdentity = false, bool declinedReply = false)
    {
        Name = name;
        Phone = phone;
        PhoneDigits = DigitsOf(phone);
        Address = address;
        ConcealedIdentity = concealedIdentity;
        DeclinedReply = declinedReply;
    }

    public string? Name { get; private set; }
    public string? Phone { get; private set; }

    /// <summary>The phone's digits only, so a look-up matches however either side wrote it (139-1234-5678 = 13912345678).</summary>
    public string? PhoneDigits { get; private set; }
    public string? Address { get; private set; }

    /// <summary>隐匿个人信息: the caller withheld identity or contact data (HSB-RT-2, HSB-RPL-1).</summary>
    public bool ConcealedIdentity { get; private set; }

    /// <summary>The caller said no reply is needed (HSB-RPL-1).</summary>
    public bool DeclinedReply { get; private set; }

    public const int MinPhoneDigits = 3;
    public const int MaxPhoneDigits = 20;

    /// <summary>
    /// A phone as people write it: digits with <c>+ - ( )</c> and spaces, 3 to 20 digits (110 to an international number
    /// with extension). Anything else — markup, letters — is not a phone and is not stored. Empty means none given.
    /// </summary>
    public static bool IsPhone(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var digits = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not ('+' or '-' or '(' or ')' or ' '))
            {
                return false;
            }
        }

        return digits is >= MinPhoneDigits and <= MaxPhoneDigits;
    }

    /// <summary>The digits of a phone as written; null when it has none.</summary>
    public static string? DigitsOf(string? phone) =>
        phone is null ? null : new string(phone.Where(char.IsAsciiDigit).ToArray()) is { Length: > 0 } digits ? digits : null;

    public static string Mask(string? value) => value switch
    {
        null or "" => "",
        { Length: <= 2 } => new string('*', value.Length),
        _ => string.Concat(value.AsSpan(0, 1), new string('*', value.Length - 2), value.AsSpan(value.Length - 1)),
    };

    public override string ToString() => $"Caller {Mask(Name)} {Mask(Phone)}";
}
