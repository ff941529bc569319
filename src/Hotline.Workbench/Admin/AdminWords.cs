using Hotline.Application.Administration;
using Hotline.Application.ApiKeys;
using Hotline.Application.Calendar;
using Hotline.Application.Units;
using Hotline.Application.Users;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Units;

namespace Hotline.Workbench.Admin;

/// <summary>The admin pages' zh-CN words: refusals by code, unit kinds, calendar day kinds.</summary>
public static class AdminWords
{
    /// <summary>
    /// A refusal as the administrator reads it, by its code alone (each refusal of the use cases has its own); a code this
    /// page does not know yet falls back to the use case's own detail.
    /// </summary>
    public static string Refusal(string code, string detail) => code switch
    {
        UserAccounts.NameTaken => "用户名已被占用，请换一个。",
        UserAccounts.OwnAccount => "不能停用自己的账号，也不能取消自己的系统管理员角色，请由其他管理员操作。",
        UserAccounts.NotFound => "该用户不存在或已被删除，请刷新页面。",
        UserAccounts.NameInvalid => $"请填写用户名：最多 {User.MaxUserNameLength} 个字符，且不能含空格。",
        UserAccounts.PasswordWeak => $"密码须为 {PasswordRules.MinimumLength} 至 {PasswordRules.MaximumLength} 个字符，包含小写字母、大写字母、数字、符号中的至少三类，且不能包含用户名。",
        RoleRefusals.None => "请至少选择一个角色。",
        RoleRefusals.Unknown => "所选角色不存在，请刷新页面。",
        RoleRefusals.UnitRequired => "承办单位联络员和承办单位领导须选择所属单位。",
        RoleRefusals.UnitNotAllowed => "只有承办单位联络员和承办单位领导属于单位，请清空所属单位。",
        ApiKeyRegistry.NotFound => "该密钥不存在，请刷新页面。",
        ApiKeyRegistry.NameInvalid => $"请填写用途：最多 {ApiKey.MaxNameLength} 个字符。",
        ApiKeyRegistry.ExpiryPast => "到期时间须晚于现在。",
        ApiKeyRegistry.AdminRole => "接口密钥不能拥有系统管理员角色。",
        ErrorCodes.UnitUnknown => "所选单位不存在。",
        ErrorCodes.UnitInactive => "所选单位已撤销，请选择在用的单位。",
        UnitTree.NotFound => "该单位不存在，请刷新页面。",
        UnitTree.ParentUnknown => "所选上级单位不存在。",
        UnitTree.Retired => "该单位已撤销，不能再修改。",
        UnitTree.Cycle => "不能把单位移到它自己或它的下级单位之下。",
        UnitTree.HasActiveChildren => "该单位下还有在用的下级单位，请先移走或撤销它们。",
        UnitTree.NameInvalid => $"请填写单位名称：最多 {Unit.MaxNameLength} 个字符。",
        UnitTree.KindUnknown => "请选择单位类型。",
        UnitTree.ContactInvalid => "联系人须有姓名（1–100 个字符）和有效的电话号码。",
        TenantCalendar.NotFound => "该日期不是本县自定的日期，无法删除。",
        TenantCalendar.YearOutOfRange => "年份须在 2000 至 2100 之间。",
        TenantCalendar.KindUnknown => "请选择日期类型。",
        TenantCalendar.NameInvalid => $"请填写名称：最多 {TenantCalendarDay.MaxNameLength} 个字符。",
        _ => $"输入不符合要求：{detail}",
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
