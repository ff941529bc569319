namespace Hotline.Workflows.Persistence;

/// <summary>One page of a query and the count of all matches (not just this page).</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>0-based page and size; a null page means "everything", as Studio expects when it sends none.</summary>
public readonly record struct PageRequest
{
    public PageRequest(int? page, int? pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page ?? 0, nameof(page));
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize ?? 1, 1, nameof(pageSize));
        Page = page;
        PageSize = pageSize;
    }

    public int? Page { get; }
    public int? PageSize { get; }

    public static PageRequest All => default;

    internal IQueryable<T> Apply<T>(IQueryable<T> query)
    {
        if (Page is not { } page || PageSize is not { } size)
        {
            return query;
        }

        return query.Skip(page * size).Take(size);
    }
}
