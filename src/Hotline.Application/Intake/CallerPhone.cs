using Hotline.Application.Tickets;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Intake;

/// <summary>
/// A caller phone as the desk looks it up. Phones are stored as typed (in <c>TicketCallers</c>, never in lists or logs
/// unmasked) and as their digits (<see cref="Caller.PhoneDigits"/>, indexed); a look-up matches the digits, so
/// 13912345678 finds 139-1234-5678 and the other way round. <see cref="ToString"/> is the mask.
/// </summary>
public sealed record CallerPhone
{
    /// <summary>Fewer digits than this name no caller (110, 12345) and would match half the tenant.</summary>
    public const int MinDigits = 5;

    private CallerPhone(string typed, string digits)
    {
        Typed = typed;
        Digits = digits;
    }

    public string Typed { get; }
    public string Digits { get; }

    /// <summary>The phone, or a refusal (400 <c>request.invalid</c>) naming what is wrong with it.</summary>
    public static CallerPhone Parse(string? value)
    {
        var typed = value?.Trim() ?? "";
        if (typed.Length == 0)
            throw new InvalidRequestException("request.invalid", "phone", "Give the caller's phone.");
        var digits = new string(typed.Where(char.IsAsciiDigit).ToArray());
        if (!Caller.IsPhone(typed) || digits.Length < MinDigits)
            throw new InvalidRequestException("request.invalid", "phone",
                $"phone is digits with + - ( ) and spaces, {MinDigits} to {Caller.MaxPhoneDigits} digits.");
        return new CallerPhone(typed, digits);
    }

    /// <summary>Whether free text is a phone to look up: phone characters only, with enough digits.</summary>
    public static bool TryParse(string? value, out CallerPhone? phone)
    {
        phone = null;
        var typed = value?.Trim() ?? "";
        var digits = new string(typed.Where(char.IsAsciiDigit).ToArray());
        if (typed.Length == 0 || !Caller.IsPhone(typed) || digits.Length < MinDigits)
            return false;
        phone = new CallerPhone(typed, digits);
        return true;
    }

    public override string ToString() => Hotline.Tickets.Access.PersonalData.Mask(Hotline.Tickets.Access.PersonalDataField.Phone, Typed);
}
