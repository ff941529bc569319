namespace Hotline.Tickets.Knowledge;

/// <summary>The life of a knowledge-base article (知识条目): 草稿 → 待审核 → 已发布 → 已废止.</summary>
public enum ArticleState
{
    /// <summary>草稿: the owner writes it; not offered to call takers.</summary>
    Draft,

    /// <summary>待审核: submitted; the hotline centre reviews it.</summary>
    Review,

    /// <summary>已发布: offered to call takers from its effective date.</summary>
    Published,

    /// <summary>已废止: withdrawn for good; kept with its history.</summary>
    Retired,
}

/// <summary>What one revision of an article did.</summary>
public enum ArticleChange
{
    Created,
    Edited,
    Submitted,
    SentBack,
    Published,
    Retired,
}
