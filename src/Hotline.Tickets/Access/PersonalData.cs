using System.Text;
using System.Text.RegularExpressions;

namespace Hotline.Tickets.Access;

/// <summary>
/// A caller's personal data (来电人个人信息), masked wherever it is shown or logged: names keep the
/// surname (张*), phones the first three and last four digits (138****5678), addresses the part
/// down to the district and town (宁夏吴忠市红寺堡区红寺堡镇****), ID numbers the region code and
/// last four digits. <see cref="ToString"/> is masked, so string interpolation and structured
/// logs never carry the clear value; <see cref="PersonalDataDisclosure"/> reveals it, audited.
/// </summary>
public sealed partial record PersonalData
{
    private const char MaskChar = '*';
    private const string AddressMask = "****";

    public PersonalData(PersonalDataField field, string value)
    {
        if (!Enum.IsDefined(field))
            throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown personal data field.");
        ArgumentNullException.ThrowIfNull(value);
        Field = field;
        Value = value.Trim();
    }

    public PersonalDataField Field { get; }

    /// <summary>The clear value. Read it only through <see cref="PersonalDataDisclosure"/>, which audits the read.</summary>
    internal string Value { get; }

    public string Masked => Mask(Field, Value);

    public override string ToString() => Masked;

    /// <summary>Masks <paramref name="value"/> as a <paramref name="field"/>.</summary>
    public static string Mask(PersonalDataField field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "";
        value = value.Trim();
        return field switch
        {
            PersonalDataField.Name => MaskName(value),
            PersonalDataField.Phone => MaskDigits(value, keepFirst: 3, keepLast: 4),
            PersonalDataField.Address => MaskAddress(value),
            PersonalDataField.IdNumber => MaskDigits(value, keepFirst: 6, keepLast: 4),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown personal data field."),
        };
    }

    /// <summary>The surname stays; every other letter becomes *; separators stay so the shape reads as a name.</summary>
    private static string MaskName(string name)
    {
        // Text elements, not chars: a rare surname may be a surrogate pair (𠇔).
        var elements = System.Globalization.StringInfo.GetTextElementEnumerator(name);
        var builder = new StringBuilder(name.Length);
        for (var first = true; elements.MoveNext(); first = false)
        {
            var element = elements.GetTextElement();
            var separator = element.Length == 1 && !char.IsLetterOrDigit(element[0]);
            builder.Append(first || separator ? element : MaskChar.ToString());
        }
        return builder.ToString();
    }

    /// <summary>
    /// Keeps the first and last digits (an ID number's check letter X counts as one) and masks
    /// those between; separators and a +86/0086 country code stay. A number too short to keep
    /// both ends is masked but for its last two digits.
    /// </summary>
    private static string MaskDigits(string value, int keepFirst, int keepLast)
    {
        var countryCode = value.StartsWith("+86", StringComparison.Ordinal) ? "+86"
            : value.StartsWith("0086", StringComparison.Ordinal) ? "0086" : "";
        var number = value[countryCode.Length..];
        var significant = number.Count(char.IsAsciiLetterOrDigit);
        if (significant <= keepFirst + keepLast)
            (keepFirst, keepLast) = (0, Math.Min(2, significant / 2));
        var builder = new StringBuilder(value.Length).Append(countryCode);
        var index = 0;
        foreach (var c in number)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
                continue;
            }
            builder.Append(index < keepFirst || index >= significant - keepLast ? c : MaskChar);
            index++;
        }
        return builder.ToString();
    }

    /// <summary>
    /// Keeps the administrative part (province, city, county or district, town or street office)
    /// and replaces the rest with a fixed mask, so the length of the hidden part leaks nothing.
    /// A residential compound (小区, 社区, 园区) is not a district. An address with no recognisable
    /// administrative part is masked whole.
    /// </summary>
    private static string MaskAddress(string address)
    {
        var kept = AdministrativePart().Match(address).Value;
        if (kept.Length == address.Length)
            return address;
        return kept + AddressMask;
    }

    [GeneratedRegex(
        @"^(?:[^\d\s,，]{1,12}?(?:省|自治区|特别行政区))?(?:[^\d\s,，]{1,12}?(?:自治州|地区|盟|市|州))?(?:[^\d\s,，]{1,12}?(?:自治县|自治旗|县|(?<![小社园景校厂矿])区|旗|市))?(?:[^\d\s,，]{1,12}?(?:街道|民族乡|镇|乡|苏木))?")]
    private static partial Regex AdministrativePart();
}
