using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Hotline.Workbench.Layout;

/// <summary>
/// MudBlazor's own words (close and open buttons, pager and picker buttons, table and select labels) in zh-CN. The
/// workbench serves zh-CN only, so these apply whatever culture the server runs in; a key not listed keeps MudBlazor's
/// English, and a test lists the keys of the components the workbench uses.
/// </summary>
public sealed class ChineseMudLocalizer : MudLocalizer
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["MudAlert_Close"] = "关闭",
        ["MudChip_Close"] = "移除",
        ["MudDialog_Close"] = "关闭",
        ["MudSnackbar_Close"] = "关闭",
        ["MudBaseDatePicker_Open"] = "打开日历",
        ["MudBaseDatePicker_NextMonth"] = "下个月",
        ["MudBaseDatePicker_PrevMonth"] = "上个月",
        ["MudBaseDatePicker_NextYear"] = "下一年",
        ["MudBaseDatePicker_PrevYear"] = "上一年",
        ["MudTimePicker_Open"] = "打开时间选择",
        ["MudDateRangePicker_Start"] = "开始日期",
        ["MudDateRangePicker_End"] = "结束日期",
        ["MudInput_Clear"] = "清除",
        ["MudInput_Increment"] = "增加",
        ["MudInput_Decrement"] = "减少",
        ["MudFormComponent_Required"] = "必填",
        ["MudSelect_SelectAll"] = "全选",
        ["MudNavGroup_ToggleExpand"] = "展开或收起 {0}",
        ["MudTablePager_FirstPage"] = "第一页",
        ["MudTablePager_PreviousPage"] = "上一页",
        ["MudTablePager_NextPage"] = "下一页",
        ["MudTablePager_LastPage"] = "最后一页",
        ["MudTable_Loading"] = "加载中…",
        ["MudTable_SelectAllRows"] = "全选",
        ["MudTable_SelectRow"] = "选择此行",
        ["MudTable_ExpandGroup"] = "展开分组",
        ["MudTable_CollapseGroup"] = "收起分组",
        ["MudTable_EditRow"] = "编辑",
        ["MudTable_CommitRow"] = "保存",
        ["MudTable_CancelEditRow"] = "取消",
        ["MudDataGridPager_FirstPage"] = "第一页",
        ["MudDataGridPager_PreviousPage"] = "上一页",
        ["MudDataGridPager_NextPage"] = "下一页",
        ["MudDataGridPager_LastPage"] = "最后一页",
        ["MudDataGridPager_RowsPerPage"] = "每页行数：",
        ["MudDataGridPager_AllItems"] = "全部",
        ["MudDataGridPager_InfoFormat"] = "第 {first_item}–{last_item} 条，共 {all_items} 条",
        ["MudDataGrid_Loading"] = "加载中…",
        ["MudDataGrid_Cancel"] = "取消",
        ["MudDataGrid_Save"] = "保存",
        ["MudDataGrid_Apply"] = "应用",
        ["MudDataGrid_Clear"] = "清除",
        ["MudDataGrid_Filter"] = "筛选",
        ["MudDataGrid_Sort"] = "排序",
        ["MudDataGrid_Unsort"] = "取消排序",
        ["MudPagination_FirstPage"] = "第一页",
        ["MudPagination_PreviousPage"] = "上一页",
        ["MudPagination_NextPage"] = "下一页",
        ["MudPagination_LastPage"] = "最后一页",
        ["MudPagination_CurrentPage"] = "第 {0} 页（当前页）",
        ["MudPagination_PageIndex"] = "第 {0} 页",
        ["MudTabs_CloseTab"] = "关闭",
        ["MudTabs_AddTab"] = "新增",
        ["MudTabs_ScrollLeft"] = "向左滚动",
        ["MudTabs_ScrollRight"] = "向右滚动",
        ["MudTabs_ScrollUp"] = "向上滚动",
        ["MudTabs_ScrollDown"] = "向下滚动",
        ["MudFileUpload_Button"] = "选择文件",
        ["MudFileUpload_DragAndDrop"] = "将文件拖到此处",
        ["MudFileUpload_FileSizeError"] = "文件过大",
        ["MudFileUpload_MaximumFileCountExceeded"] = "文件数量超过上限",
        ["MudCarousel_Next"] = "下一张",
        ["MudCarousel_Previous"] = "上一张",
        ["MudBreadcrumbs_Label"] = "导航路径",
        ["MudRating_Label"] = "评分",
        ["MudExitPrompt_Title"] = "离开此页？",
        ["MudExitPrompt_Text"] = "尚未保存的内容将丢失。",
        ["MudExitPrompt_Exit"] = "离开",
        ["MudExitPrompt_Cancel"] = "留在此页",
        ["Converter_InvalidDateTime"] = "日期时间格式无效",
        ["Converter_InvalidNumber"] = "不是有效的数字",
        ["Converter_InvalidBoolean"] = "不是有效的是/否值",
        ["Converter_InvalidGUID"] = "不是有效的编号",
        ["Converter_InvalidTimeSpan"] = "时间长度格式无效",
        ["Converter_ConversionFailed"] = "无法转换输入的内容",
        ["Converter_UnableToConvert"] = "无法转换输入的内容",
    };

    /// <summary>The keys translated (for the test that checks the components in use are covered).</summary>
    public static IReadOnlyCollection<string> Keys => Words.Keys;

    public override LocalizedString this[string key] =>
        Words.TryGetValue(key, out var text) ? new LocalizedString(key, text) : new LocalizedString(key, key, resourceNotFound: true);

    public override LocalizedString this[string key, params object[] arguments] =>
        Words.TryGetValue(key, out var text)
            ? new LocalizedString(key, string.Format(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), text, arguments))
            : new LocalizedString(key, key, resourceNotFound: true);
}
