namespace Hotline.Tickets.Knowledge;

/// <summary>
/// What an editor writes: title, body, categories, keywords, and the dates — from when the answer applies
/// (<see cref="EffectiveFrom"/>) and by when its owner must check it again (<see cref="ReviewBy"/>, 复核日期).
/// </summary>
public sealed record ArticleContent(
    string Title,
    string Body,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Keywords,
    DateOnly EffectiveFrom,
    DateOnly ReviewBy)
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20_000;
    public const int MaxTerms = 20;
    public const int MaxTerm = 40;

    /// <summary>Trimmed, without blank or repeated terms; refuses what is missing or too long.</summary>
    public ArticleContent Checked()
    {
        var title = (Title ?? "").Trim();
        var body = (Body ?? "").Trim();
        if (title.Length == 0 || body.Length == 0)
            throw new ArticleViolation(ArticleViolation.InputMissing, "An article needs a title and a body.");
        if (title.Length > MaxTitle || body.Length > MaxBody)
            throw new ArticleViolation(ArticleViolation.InputTooLong, $"The title holds at most {MaxTitle} characters, the body {MaxBody}.");
        var categories = Terms(Categories, "categories");
        var keywords = Terms(Keywords, "keywords");
        if (ReviewBy <= EffectiveFrom)
            throw new ArticleViolation(ArticleViolation.DatesInvalid, "The review date lies after the effective date.");
        return new ArticleContent(title, body, categories, keywords, EffectiveFrom, ReviewBy);
    }

    private static string[] Terms(IReadOnlyList<string>? terms, string what)
    {
        var clean = (terms ?? []).Select(t => (t ?? "").Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (clean.Length > MaxTerms || clean.Any(t => t.Length > MaxTerm || t.Contains('\n', StringComparison.Ordinal)))
            throw new ArticleViolation(ArticleViolation.InputTooLong, $"At most {MaxTerms} {what} of at most {MaxTerm} characters each, one line each.");
        return clean;
    }
}
