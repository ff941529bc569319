using Hotline.Tickets.Calendar;
using Hotline.Tickets.Units;

namespace Hotline.Workbench.Admin;

/// <summary>The admin pages' zh-CN words: refusals by code, unit kinds, calendar day kinds.</summary>
public static class AdminWords
{
    /// <summary>A refusal as the administrator reads it: what went wrong by its code, then the use case's own detail.</summary>
    public static string Refusal(string code, string detail) => code switch
    {
        "user.name-taken" => "用户名已被占用，请换一个。",
        "user.own-account" => "不能停用自己的账号，也不能取消自己的系统管理员角色，请由其他管理员操作。",
        "user.not-found" => "该用户不存在或已被删除，请刷新页面。",
        "api-key.not-found" => "该密钥不存在，请刷新页面。",
        "unit.unknown" => "所选单位不存在。",
        "unit.inactive" => "所选单位已撤销，请选择在用的单位。",
        "unit.not-found" => "该单位不存在，请刷新页面。",
        "unit.parent-unknown" => "所选上级单位不存在。",
        "unit.retired" => "该单位已撤销，不能再修改。",
        "unit.cycle" => "不能把单位移到它自己或它的下级单位之下。",
        "unit.has-active-children" => "该单位下还有在用的下级单位，请先移走或撤销它们。",
        "calendar.day-not-found" => "该日期不是本县自定的日期，无法删除。",
        _ => $"输入不符合要求：{Invalid(detail)}",
    };

    /// <summary>The domain's input rules in Chinese, where the page knows them; otherwise the rule as the domain states it.</summary>
    private static string Invalid(string detail) => detail switch
    {
        _ when detail.StartsWith("A password has", StringComparison.Ordinal) => "密码长度须为 10 至 128 个字符。",
        _ when detail.StartsWith("A password mixes", StringComparison.Ordinal) => "密码须包含小写字母、大写字母、数字、符号中的至少三类。",
        _ when detail.StartsWith("A password must not contain", StringComparison.Ordinal) => "密码不能包含用户名。",
        _ when detail.StartsWith("At least one role", StringComparison.Ordinal) => "请至少选择一个角色。",
        _ when detail.Contains("a unit code is required", StringComparison.Ordinal) => "承办单位联络员和承办单位领导须选择所属单位。",
        _ when detail.StartsWith("Only unit handlers and unit leaders", StringComparison.Ordinal) => "只有承办单位联络员和承办单位领导属于单位，请清空所属单位。",
        _ when detail.StartsWith("A user name has", StringComparison.Ordinal) => "用户名最多 64 个字符，且不能含空格。",
        _ when detail.Contains("admin role", StringComparison.Ordinal) => "接口密钥不能拥有系统管理员角色。",
        _ when detail.Contains("expiry must be in the future", StringComparison.Ordinal) => "到期时间须晚于现在。",
        _ when detail.StartsWith("A contact", StringComparison.Ordinal) => "联系人须有姓名（1–100 个字符）和有效的电话号码。",
        _ when detail.Contains("name has at most", StringComparison.Ordinal) => "名称过长。",
        _ when detail.Contains("empty", StringComparison.OrdinalIgnoreCase) || detail.Contains("whitespace", StringComparison.OrdinalIgnoreCase) => "请填写必填项。",
        _ => detail,
    };

    public static string Kind(UnitKind kind) => kind switch
    {
        UnitKind.Department => "部门",
        UnitKind.Town => "乡镇/街道",
        UnitKind.Village => "村/社区",
        UnitKind.Company => "公共服务企业",
        _ => kind.ToString(),
    };

    public static string Kind(CalendarDayKind kind) => kind switch
    {
        CalendarDayKind.PublicHoliday => "法定节假日",
        CalendarDayKind.AdjustedWorkingDay => "调休上班日",
        CalendarDayKind.LocalHoliday => "地方假日",
        CalendarDayKind.LocalWorkingDay => "地方调休上班日",
        _ => kind.ToString(),
    };

    public static string Weekday(DateOnly date) => "日一二三四五六"[(int)date.DayOfWeek] is var c ? $"星期{c}" : "";
}
