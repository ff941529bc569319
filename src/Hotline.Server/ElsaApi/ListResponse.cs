namespace Hotline.Server.ElsaApi;

/// <summary>Elsa's <c>ListResponse</c>: every item, and how many.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items)
{
    public int Count => Items.Count;
}

/// <summary>
/// Elsa's <c>PagedListResponse</c>: one page of items, the count of all matches (not the page size), and the
/// links that tell Studio what the caller may do with the list (<c>bulk-publish</c> unlocks editing).
/// </summary>
public sealed record PagedListResponse<T>(IReadOnlyList<T> Items, long TotalCount, IReadOnlyList<ElsaLink> Links);

/// <summary>A HATEOAS link. Studio only looks at <see cref="Rel"/>; that is how read-only access is expressed.</summary>
public sealed record ElsaLink(string Href, string Rel, string Method);
