namespace Hotline.Server.Tickets;

/// <summary>A request body for each ticket action, as the API reference shows it (unit ids come from <c>GET /api/units</c>).</summary>
internal static class TicketActionExamples
{
    private const string Unit = "0193b3a0-0000-7000-8000-000000000001";
    private const string CoUnit = "0193b3a0-0000-7000-8000-000000000002";

    private static readonly Dictionary<string, string> Bodies = new(StringComparer.Ordinal)
    {
        [""] = """{"channel":"Phone","caller":{"name":"张三","phone":"13812345678"},"category":"Consultation","content":"公积金提取需要哪些材料","urgency":"Normal"}""",
        ["reject"] = """{"ground":"OutOfScope","explanation":"属法院诉讼事项，已告知来电人依法起诉"}""",
        ["redirect-emergency"] = """{"line":"110","fireHazard":false}""",
        ["dispatch"] = $$"""{"leadUnitId":"{{Unit}}","coUnitIds":["{{CoUnit}}"],"handlingClass":"Ordinary"}""",
        ["redispatch"] = $$"""{"leadUnitId":"{{CoUnit}}"}""",
        ["reassign"] = $$"""{"leadUnitId":"{{CoUnit}}","reason":"职责属住建局"}""",
        ["sign"] = """{"note":"已签收"}""",
        ["first-contact"] = """{"note":"已电话联系来电人"}""",
        ["urgent-response"] = """{"kind":"InitialResponse","text":"已派人到现场处置"}""",
        ["co-units"] = $$"""{"unitId":"{{CoUnit}}"}""",
        ["co-unit-opinion"] = """{"opinion":"已核实，建议主办单位答复如下……"}""",
        ["countersign-reply"] = """{"measures":"本单位承办部分已办结：……"}""",
        ["return"] = """{"reason":"OutOfDuty","explanation":"不属本单位职责","basis":"三定方案第三条","suggestedUnit":"县住建局","signedBy":"DeputyLeader"}""",
        ["return/approve"] = """{"note":"同意退回"}""",
        ["return/reject"] = """{"reason":"属本单位职责","grounds":["三定方案"]}""",
        ["extension"] = """{"workingDays":2,"reason":"需协调多部门","callerNotified":true,"signedBy":"DeputyLeader"}""",
        ["extension/approve"] = """{"note":"同意延期"}""",
        ["extension/deny"] = """{"reason":"理由不充分"}""",
        ["extension/forward"] = """{"note":"报市中心审批"}""",
        ["extension/override"] = """{"workingDays":1,"reason":"需调取档案","overrideReason":"档案在市档案馆，原则上不延期的咨询件例外"}""",
        ["reply"] = """{"measures":"已现场处理并答复来电人","resolution":"Resolved"}""",
        ["reply/accept"] = """{"note":"答复规范"}""",
        ["reply/send-back"] = """{"reason":"答复未回应诉求","grounds":["答非所问"]}""",
        ["revisit"] = """{"rating":"Satisfied","note":"来电人表示满意"}""",
        ["redo"] = """{"reason":"来电人不满意：问题未解决","revisitReviewOrder":false}""",
        ["revisit-review/extend"] = """{"reason":"需现场复核"}""",
        ["screening"] = """{"explanation":"来电人诉求超出法定职责","evidence":[{"fileName":"说明.pdf","contentType":"application/pdf","length":20480,"storageKey":"evidence/1"}],"signedBy":"DeputyLeader"}""",
        ["screening/evidence-request"] = """{"what":"请补充现场照片"}""",
        ["screening/evidence"] = """{"note":"补充现场照片","evidence":[{"fileName":"现场.jpg","contentType":"image/jpeg","length":102400,"storageKey":"evidence/2"}]}""",
        ["screening/decision"] = """{"upheld":true,"reason":"经甄别属实，不计入满意度统计"}""",
        ["screening/panel-ruling"] = """{"reasonable":true,"reason":"第三方评价会认为诉求合理","resolveBy":"2026-03-10T17:00:00+08:00"}""",
        ["supervise"] = """{"form":"Written","grounds":["overdue"],"text":"请于2个工作日内办结并报告"}""",
        ["interview"] = $$"""{"unitId":"{{Unit}}","level":"县行政审批局","reason":"年内第一次超期"}""",
        ["discipline"] = """{"reason":"推诿扯皮，造成不良影响"}""",
        ["termination"] = """{"facts":"已依法处理三次，来电人反复来电","basis":"信访工作条例","signedBy":"DeputyLeader"}""",
        ["termination/approve"] = """{"note":"同意终结"}""",
        ["termination/refuse"] = """{"reason":"诉求尚有合理部分，继续办理"}""",
        ["archive"] = """{"note":"归档"}""",
        ["merge"] = """{"intoTicket":"HSB-20260105-0001","reason":"同一来电人同一事项重复来电"}""",
        ["unmerge"] = """{"reason":"并单有误，不是同一事项"}""",
    };

    public static string? For(string action) => Bodies.GetValueOrDefault(action);
}
