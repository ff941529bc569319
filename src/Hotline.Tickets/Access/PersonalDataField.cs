namespace Hotline.Tickets.Access;

/// <summary>A caller's personal data (个人信息) field, each masked its own way (rules.md §5.9, HK-PRV-1).</summary>
public enum PersonalDataField
{
    /// <summary>姓名</summary>
    Name,

    /// <summary>联系电话</summary>
    Phone,

    /// <summary>住址</summary>
    Address,

    /// <summary>身份证号</summary>
    IdNumber,
}
