namespace Hotline.Tickets.Tickets;

/// <summary>The kind of request (诉求类别), as the regulations name them (rules.md §1.3).</summary>
public enum TicketCategory
{
    /// <summary>咨询: a question about law, policy or public information.</summary>
    Consultation,

    /// <summary>求助: non-emergency help.</summary>
    HelpRequest,

    /// <summary>建议 / 意见建议: an opinion or proposal.</summary>
    Suggestion,

    /// <summary>投诉: a complaint about management or service.</summary>
    Complaint,

    /// <summary>举报: a report of a violation.</summary>
    Report,

    /// <summary>表扬: praise (HSB, WZ).</summary>
    Praise,

    /// <summary>突发类事项: a sudden event.</summary>
    Incident,

    /// <summary>其它: anything else the hotline accepts (HL-GEN-1).</summary>
    Other,
}

/// <summary>Urgency (紧急程度). QU's special items (特殊事项 / 特殊紧急事项) have their own response limits.</summary>
public enum TicketUrgency
{
    Normal,

    /// <summary>紧急 / 较为紧急 (HL-DL-1).</summary>
    Urgent,

    /// <summary>特殊事项 (QU-URG-2).</summary>
    Special,

    /// <summary>特殊紧急事项 (QU-URG-3).</summary>
    SpecialUrgent,
}

/// <summary>The handling class the dispatcher sets at dispatch: 复杂 complex, 疑难 difficult.</summary>
public enum HandlingClass
{
    Ordinary,

    /// <summary>复杂; also QU's 特别重大、复杂 and HL's 特别复杂 return window (HL-RT-2).</summary>
    Complex,

    /// <summary>疑难 (HL-DL-2: 10 wd).</summary>
    Difficult,
}
