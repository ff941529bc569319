using Hotline.Tickets.Access;

namespace Hotline.Tickets.Knowledge;

/// <summary>
/// A knowledge-base article (知识条目) of one tenant: the answer call takers give to ordinary consultations (WZ-DSP-1,
/// WZ-GEN-3), kept by its owning unit (QU-GEN-3 谁提供、谁负责、谁更新; none: the centre's own). Draft → review →
/// published → retired; only the centre publishes. Every change is a numbered <see cref="ArticleRevision"/> holding
/// who changed what and the whole text as it then stood.
/// </summary>
public sealed class Article : ITenantOwned
{
    private readonly List<ArticleRevision> _revisions = [];

    private Article()
    {
        TenantId = Title = Body = CategoryLines = KeywordLines = "";
    }

    public Guid Id { get; private set; }
    public string TenantId { get; private set; }
    public string Title { get; private set; }
    public string Body { get; private set; }
    public IReadOnlyList<string> Categories => Split(CategoryLines);
    public IReadOnlyList<string> Keywords => Split(KeywordLines);

    /// <summary>The unit that provided the entry and keeps it current; null for the centre's own entries.</summary>
    public Guid? OwningUnitId { get; private set; }

    public DateOnly EffectiveFrom { get; private set; }
    public DateOnly ReviewBy { get; private set; }
    public ArticleState State { get; private set; }

    /// <summary>The number of the latest revision; a client sends it back to edit (optimistic concurrency).</summary>
    public int Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public IReadOnlyList<ArticleRevision> Revisions => _revisions;

    /// <summary>Offered to call takers on <paramref name="today"/>: published and in effect.</summary>
    public bool IsAnswerable(DateOnly today) => State == ArticleState.Published && EffectiveFrom <= today;

    /// <summary>Published and past its review date: its owner must check it (shows in the unit's queue, QU-ASM-1).</summary>
    public bool IsReviewDue(DateOnly today) => State == ArticleState.Published && ReviewBy < today;

    public static Article Create(string tenantId, Guid? owningUnit, ArticleContent content, ArticleEditor editor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(editor);
        if (!editor.Keeps(owningUnit))
        {
            throw new ArticleViolation(ArticleViolation.NotOwner,
                "Units write the entries of their own unit only (谁提供、谁负责、谁更新).", ArticleRefusalKind.Forbidden, "QU-GEN-3");
        }

        var article = new Article { Id = Guid.CreateVersion7(now), TenantId = tenantId, OwningUnitId = owningUnit, State = ArticleState.Draft };
        article.Apply(content.Checked());
        article.Revise(ArticleChange.Created, editor, now, null, "title, body, categories, keywords, effectiveFrom, reviewBy");
        return article;
    }

    /// <summary>Changes the text or dates. A published article goes back to draft and needs review again.</summary>
    public void Edit(ArticleContent content, ArticleEditor editor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequireKeeper(editor);
        RequireState(ArticleState.Draft, ArticleState.Published);
        var next = content.Checked();
        var changed = Changes(next);
        if (changed.Count == 0)
            throw new ArticleViolation(ArticleViolation.InputMissing, "Nothing changed.");
        Apply(next);
        State = ArticleState.Draft;
        PublishedAt = null;
        Revise(ArticleChange.Edited, editor, now, null, string.Join(", ", changed));
    }

    public void Submit(ArticleEditor editor, DateTimeOffset now)
    {
        RequireKeeper(editor);
        RequireState(ArticleState.Draft);
        State = ArticleState.Review;
        Revise(ArticleChange.Submitted, editor, now, null, "state");
    }

    /// <summary>The centre sends a submitted article back to its owner with the reason.</summary>
    public void SendBack(ArticleEditor editor, string reason, DateTimeOffset now)
    {
        RequireCentre(editor);
        RequireState(ArticleState.Review);
        Revise(ArticleChange.SentBack, editor, now, RequireReason(reason), "state", ArticleState.Draft);
    }

    /// <summary>The centre publishes a reviewed article; one already past its review date is refused.</summary>
    public void Publish(ArticleEditor editor, DateOnly today, DateTimeOffset now)
    {
        RequireCentre(editor);
        RequireState(ArticleState.Review);
        if (ReviewBy <= today)
        {
            throw new ArticleViolation(ArticleViolation.ReviewDatePassed,
                $"The review date {ReviewBy:yyyy-MM-dd} has come; the owner sets a later one first.", ArticleRefusalKind.Invalid, "QU-GEN-3");
        }

        PublishedAt = now;
        Revise(ArticleChange.Published, editor, now, null, "state", ArticleState.Published);
    }

    /// <summary>Withdraws the article for good: the centre, or the owning unit's leader.</summary>
    public void Retire(ArticleEditor editor, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(editor);
        var owningLeader = editor.Role == HotlineRole.UnitLeader && OwningUnitId is not null && editor.UnitId == OwningUnitId;
        if (!editor.IsCentre && !owningLeader)
        {
            throw new ArticleViolation(ArticleViolation.RoleNotAllowed,
                "The centre's reviewer or the owning unit's leader retires an article.", ArticleRefusalKind.Forbidden, "QU-GEN-3");
        }

        RequireState(ArticleState.Draft, ArticleState.Review, ArticleState.Published);
        Revise(ArticleChange.Retired, editor, now, RequireReason(reason), "state", ArticleState.Retired);
    }

    private void Apply(ArticleContent content)
    {
        Title = content.Title;
        Body = content.Body;
        CategoryLines = string.Join('\n', content.Categories);
        KeywordLines = string.Join('\n', content.Keywords);
        EffectiveFrom = content.EffectiveFrom;
        ReviewBy = content.ReviewBy;
    }

    // One term a line in the stored column, so the full-text index reads the terms as plain text.
    internal string CategoryLines { get; private set; }
    internal string KeywordLines { get; private set; }

    private static string[] Split(string lines) => lines.Length == 0 ? [] : lines.Split('\n');

    private List<string> Changes(ArticleContent next)
    {
        var changed = new List<string>();
        if (next.Title != Title) changed.Add("title");
        if (next.Body != Body) changed.Add("body");
        if (!next.Categories.SequenceEqual(Categories)) changed.Add("categories");
        if (!next.Keywords.SequenceEqual(Keywords)) changed.Add("keywords");
        if (next.EffectiveFrom != EffectiveFrom) changed.Add("effectiveFrom");
        if (next.ReviewBy != ReviewBy) changed.Add("reviewBy");
        return changed;
    }

    private void Revise(ArticleChange change, ArticleEditor editor, DateTimeOffset now, string? note, string fields, ArticleState? state = null)
    {
        State = state ?? State;
        Version++;
        UpdatedAt = now;
        _revisions.Add(new ArticleRevision(this, change, editor, now, note, fields));
    }

    private void RequireKeeper(ArticleEditor editor)
    {
        ArgumentNullException.ThrowIfNull(editor);
        if (!editor.Keeps(OwningUnitId))
        {
            throw new ArticleViolation(ArticleViolation.NotOwner,
                "Only the owning unit or the centre changes this article (谁提供、谁负责、谁更新).", ArticleRefusalKind.Forbidden, "QU-GEN-3");
        }
    }

    private static void RequireCentre(ArticleEditor editor)
    {
        ArgumentNullException.ThrowIfNull(editor);
        if (!editor.IsCentre)
            throw new ArticleViolation(ArticleViolation.RoleNotAllowed, "The hotline centre's reviewer reviews and publishes articles.", ArticleRefusalKind.Forbidden);
    }

    private void RequireState(params ArticleState[] states)
    {
        if (!states.Contains(State))
        {
            throw new ArticleViolation(ArticleViolation.InvalidState,
                $"The article is {State}; this needs {string.Join(" or ", states)}.", ArticleRefusalKind.Conflict);
        }
    }

    private static string RequireReason(string? reason)
    {
        var text = (reason ?? "").Trim();
        if (text.Length == 0)
            throw new ArticleViolation(ArticleViolation.InputMissing, "Give the reason.");
        if (text.Length > 1000)
            throw new ArticleViolation(ArticleViolation.InputTooLong, "The reason holds at most 1000 characters.");
        return text;
    }
}
