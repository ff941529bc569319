using System.Reflection;
using Hotline.Application.Administration;
using Hotline.Application.ApiKeys;
using Hotline.Application.Calendar;
using Hotline.Application.Units;
using Hotline.Application.Users;
using Hotline.Tickets.Problems;
using Hotline.Workbench.Admin;

namespace Hotline.Server.Tests.Admin;

/// <summary>
/// The admin pages word a refusal by its code alone: every code the administration use cases refuse with has its own
/// zh-CN sentence, whatever the English detail says, and only a code without one of its own falls back to the detail.
/// </summary>
public sealed class AdminWordsTests
{
    private const string Fallback = "输入不符合要求";

    public static TheoryData<string> Codes()
    {
        var codes = new[] { typeof(UserAccounts), typeof(ApiKeyRegistry), typeof(UnitTree), typeof(TenantCalendar), typeof(RoleRefusals) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && f.Name != "Invalid")
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat([ErrorCodes.UnitUnknown, ErrorCodes.UnitInactive]);
        return [.. codes];
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_refusal_code_has_its_own_chinese_words_not_the_english_detail(string code)
    {
        var words = AdminWords.Refusal(code, "English detail");
        Assert.DoesNotContain("English", words, StringComparison.Ordinal);
        Assert.DoesNotContain(Fallback, words, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generic_invalid_code_shows_the_use_cases_detail()
    {
        Assert.Equal($"{Fallback}：detail", AdminWords.Refusal(UserAccounts.Invalid, "detail"));
    }
}
