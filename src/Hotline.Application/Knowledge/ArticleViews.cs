using Hotline.Tickets.Knowledge;

namespace Hotline.Application.Knowledge;

/// <summary>
/// Filters of the article list, every one optional: free text (title, body, categories, keywords; see TextMatch), state,
/// owning unit, only those past their review date. Paging is 1-based, at most 100 rows a page.
/// </summary>
public sealed record ArticleQuery(string? Text = null, ArticleState? State = null, Guid? Unit = null, bool ReviewDue = false, int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;
    public const int MaxText = 100;

    public void Check()
    {
        if (Page is < 1 or > 10_000 || PageSize is < 1 or > MaxPageSize)
            throw new ArticleViolation(ArticleViolation.QueryInvalid, $"page is 1 to 10000, pageSize 1 to {MaxPageSize}.");
        if (Text is { Length: > MaxText })
            throw new ArticleViolation(ArticleViolation.QueryInvalid, $"The search text holds at most {MaxText} characters.");
        if (State is { } state && !Enum.IsDefined(state))
            throw new ArticleViolation(ArticleViolation.QueryInvalid, "Unknown state.");
    }
}

/// <summary>One row of the article list.</summary>
public sealed record ArticleSummary(
    Guid Id,
    string Title,
    string Excerpt,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Keywords,
    string State,
    Guid? OwningUnitId,
    string? OwningUnit,
    DateOnly EffectiveFrom,
    DateOnly ReviewBy,
    int Version,
    DateTimeOffset UpdatedAt,
    bool ReviewDue,
    bool Answerable);

/// <summary>A page of articles.</summary>
public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Items, int TotalCount, int Page, int PageSize);

/// <summary>A whole article with what the reader may do with it now.</summary>
public sealed record ArticleView(ArticleSummary Summary, string Body, IReadOnlyList<string> Allowed);

/// <summary>One revision: who changed what, when, and the text as it then stood.</summary>
public sealed record ArticleRevisionView(
    int Version,
    string Change,
    string State,
    string ChangedBy,
    string Role,
    DateTimeOffset At,
    string? Note,
    string Fields,
    string Title,
    string Body,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Keywords,
    DateOnly EffectiveFrom,
    DateOnly ReviewBy);

/// <summary>What an editor sends to create or edit an article; <c>owningUnitId</c> is read on creation only.</summary>
public sealed record ArticleRequest(
    string? Title,
    string? Body,
    IReadOnlyList<string>? Categories,
    IReadOnlyList<string>? Keywords,
    DateOnly? EffectiveFrom,
    DateOnly? ReviewBy,
    Guid? OwningUnitId = null)
{
    internal ArticleContent Content()
    {
        if (EffectiveFrom is not { } from || ReviewBy is not { } by)
            throw new ArticleViolation(ArticleViolation.InputMissing, "Give effectiveFrom and reviewBy (yyyy-MM-dd).");
        return new ArticleContent(Title ?? "", Body ?? "", Categories ?? [], Keywords ?? [], from, by);
    }
}
