using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Hotline.Application.Search;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Tickets;

/// <summary>
/// Filters of the ticket list; every one optional. Paging is 1-based, at most 200 rows a page. A value outside its
/// range is refused by <see cref="Check"/> (400) rather than clamped or left to fail in the query.
/// </summary>
public sealed record TicketFilter(
    TicketState? State = null,
    Guid? Unit = null,
    TicketCategory? Category = null,
    TicketUrgency? Urgency = null,
    bool? Overdue = null,
    double? DueWithinHours = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    int Page = 1,
    int PageSize = 20,
    TicketSort Sort = TicketSort.RegisteredDescending)
{
    /// <summary>Far enough for any page a person or a system pages to; small enough that an offset never overflows.</summary>
    public const int MaxPage = 100_000;

    /// <summary>A year and a day: the longest deadline horizon a list is asked about.</summary>
    public const double MaxDueWithinHours = 366 * 24;

    private static readonly DateTimeOffset EarliestDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestDate = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Throws <see cref="InvalidRequestException"/> naming the first filter outside its range.</summary>
    public void Check()
    {
        if (Page is < 1 or > MaxPage)
            throw OutOfRange("page", $"page is 1 to {MaxPage}.");
        if (PageSize is < 1 or > TicketSearch.MaxPageSize)
            throw OutOfRange("pageSize", $"pageSize is 1 to {TicketSearch.MaxPageSize}.");
        // Written so that NaN fails too.
        if (DueWithinHours is { } hours && !(hours >= 0 && hours <= MaxDueWithinHours))
            throw OutOfRange("dueWithinHours", $"dueWithinHours is 0 to {MaxDueWithinHours} hours.");
        foreach (var (name, date) in new[] { ("from", From), ("to", To) })
        {
            if (date is { } d && (d < EarliestDate || d > LatestDate))
                throw OutOfRange(name, $"{name} lies between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.");
        }

        if (From > To)
            throw OutOfRange("from", "from lies before to.");
        if (!Enum.IsDefined(Sort))
            throw OutOfRange("sort", $"sort is one of {string.Join(", ", Enum.GetNames<TicketSort>())}.");
    }

    private static InvalidRequestException OutOfRange(string field, string message) => new("request.out-of-range", field, message);
}

/// <summary>The order of a ticket list: registration time (newest first by default), next due time, or number.</summary>
public enum TicketSort
{
    RegisteredDescending,
    RegisteredAscending,
    NextDueAscending,
    NextDueDescending,
    NumberAscending,
    NumberDescending,
}

/// <summary>
/// Lists and searches tickets of the signed-in user's tenant only. Unit staff see only tickets their unit is or was
/// assigned to. Rows carry the masked phone only; the next due time and a traffic light come from running clocks.
/// </summary>
public sealed partial class TicketSearch(HotlineDbContext db, CurrentUser user, TimeProvider time)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Counting stops here: a first page must not wait for hundreds of thousands of archived tickets to be counted.
    /// Beyond it <see cref="TicketPage.TotalCapped"/> is set and <see cref="TicketPage.TotalCount"/> is this number.
    /// </summary>
    public const int CountLimit = 10_000;

    /// <summary>A whole ticket number as the text searches by number alone (its unique index), not by content.</summary>
    [GeneratedRegex(@"^[A-Za-z]+-\d{8}-\d{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeNumber();

    public async Task<TicketPage> SearchAsync(TicketFilter filter, TicketQueue? queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Check();
        var now = time.GetUtcNow();
        var page = filter.Page;
        var pageSize = filter.PageSize;
        var text = string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text.Trim();
        var byNumber = text is not null && WholeNumber().IsMatch(text);
        // Other text goes through the trigram index (TextMatch); a text that matches few tickets is where the search starts.
        // A caller's phone is not matched here: a GET puts it in URLs and logs. The audited POST /api/callers/history
        // (CallerHistory) finds a caller's tickets.
        var match = text is null || byNumber ? null : TextMatch.For(db, text);
        var fewText = match is not null && await match.FewTicketsAsync(user.TenantId, cancellationToken);
        // A phrase in many tickets: each ticket the order's index reaches is tested against the list of matching rowids
        // (TextMatch), so the first page ends early; a unit's assignments are one more list each ticket is probed in
        // (unit users, the unit filter: 2-10 times faster than gathering the matches' ids, docs/perf.md). Not for the
        // next-due orders, which sort every match whatever the source, nor where a few rows (clocks, requests) drive the
        // query by primary key: the rowid list could be taken to drive instead.
        var idsDrive = filter.Overdue is not null || filter.DueWithinHours is not null || queue?.Filter(db, now).Selective == true;
        var commonText = match is { TestsTicketsOneByOne: true } && !fewText && !idsDrive
            && filter.Sort is not (TicketSort.NextDueAscending or TicketSort.NextDueDescending);
        var query = commonText ? match!.TicketsTestedOneByOne() : db.Tickets.AsQueryable();

        // A few thousand tickets at most have a running overdue clock or a pending request, whatever the tenant's size:
        // the search starts from those rows (see Visible) instead of walking the tenant's tickets.
        var few = false;
        if (queue is not null)
        {
            var queueFilter = queue.Filter(db, now);
            query = query.Where(queueFilter.Condition);
            few = queueFilter.Selective;
        }

        if (filter.State is { } state) query = query.Where(t => t.State == state);
        if (filter.Category is { } category) query = query.Where(t => t.Category == category);
        if (filter.Urgency is { } urgency) query = query.Where(t => t.Urgency == urgency);
        if (filter.From is { } from) query = query.Where(t => t.RegisteredAt >= from);
        if (filter.To is { } to) query = query.Where(t => t.RegisteredAt < to);
        if (filter.Overdue is { } overdue)
        {
            var overdueTickets = TicketQueue.IsOverdue(db, now);
            query = overdue ? query.Where(overdueTickets) : query.Where(Not(overdueTickets));
            few |= overdue;
        }

        if (filter.DueWithinHours is { } hours)
        {
            var until = now.AddHours(hours);
            query = query.Where(TicketQueue.WithClock(db, c => c.StoppedAt == null && c.DueAt >= now && c.DueAt <= until));
            few = true;
        }

        // After the clock conditions: SQLite starts from the first IN it meets, and a unit's tickets can be 100,000.
        if (filter.Unit is { } unit) query = query.Where(AssignedTo(unit, few || fewText));
        if (text is not null)
        {
            if (byNumber)
            {
                var number = text.ToUpperInvariant();
                query = query.Where(t => t.Number == number);
            }
            else if (!commonText)
            {
                query = query.Where(match!.Tickets(user.TenantId));
                few |= fewText;
            }
        }

        query = Visible(query, few);
        // The page's ids first, sorted in the index where one serves; then the columns of those rows only. One query
        // for both would compute every column of every match before sorting, and its split query would repeat it.
        var sorted = Sorted(query, filter.Sort).Select(t => t.Id);
        int counted;
        List<Guid> ids;
        var wholeTenantPhrase = commonText && filter with { Text = null, Page = 1, PageSize = 20, Sort = default } == new TicketFilter()
            && queue is null && SeesWholeTenant(user);
        // A unit's assignments and a phrase's matching rowids are lists SQLite builds again for every statement (a big
        // unit's 90,000 assignments, 80,000 rowids): one statement gives both count and page (docs/perf.md).
        // Not a phrase on PostgreSQL: there the count runs in any order (TextMatch.CountsInAnyOrder), cheaper than sorted ids.
        var fromLists = !wholeTenantPhrase && match is not { CountsInAnyOrder: true }
            && (commonText || filter.Unit is not null || !SeesWholeTenant(user));
        if ((few || fromLists) && page * pageSize <= CountLimit)
        {
            // Few matches, each found by primary key, or matches tested against lists: fetch their ids once, sorted (at most
            // CountLimit + 1, as the count would walk), and count and page them here.
            var all = await sorted.Take(CountLimit + 1).ToListAsync(cancellationToken);
            counted = all.Count;
            ids = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        }
        else if (wholeTenantPhrase)
        {
            // The phrase alone, over the whole tenant: more than FewMatches (= CountLimit) tickets match, so the count is
            // capped without counting again. A unit user's tickets are counted: the unit may hold few of them.
            counted = CountLimit + 1;
            ids = await sorted.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        }
        else
        {
            // Counted in the page's order: a row limit needs one, and that order's index is the one the page uses. A common
            // phrase narrowed by a state, queue or filter counts exactly (up to CountLimit) over its list of matching
            // rowids, walking only the narrowed index entries (TextMatch.TicketsTestedOneByOne).
            // On PostgreSQL a phrase's matches are counted as its index yields them: ordered by the tenant, a constant here,
            // the planner drops the sort while the row limit keeps an order (TextMatch.CountsInAnyOrder).
            var counting = match is { CountsInAnyOrder: true } ? query.OrderBy(t => t.TenantId).Select(t => t.Id) : sorted;
            counted = await counting.Take(CountLimit + 1).CountAsync(cancellationToken);
            ids = await sorted.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        }

        // The page's rows by primary key. Their ids were chosen in the caller's tenant above; with the tenant filter
        // again, SQLite walks the tenant's index instead of the key (190 ms, not 1 ms, on a million tickets).
        var found = await db.Tickets
            .IgnoreQueryFilters([HotlineDbContext.TenantFilter])
            .Where(t => ids.Contains(t.Id))
            .Select(t => new
            {
                t.Id,
                t.Number,
                t.State,
                t.Category,
                t.Urgency,
                t.Caller.Phone,
                t.Content,
                LeadUnit = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => (Guid?)a.UnitId).FirstOrDefault(),
                t.RegisteredAt,
                Running = t.Clocks.Where(c => c.StoppedAt == null).Select(c => new { c.DueAt, c.WarningAt, c.Overdue }).ToList(),
            })
            .AsSplitQuery()
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        var rows = ids.Select(id => found[id]).ToList();

        var unitIds = rows.Where(r => r.LeadUnit != null).Select(r => r.LeadUnit!.Value).Distinct().ToList();
        var names = await db.Units.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var items = rows.Select(r =>
        {
            var next = r.Running.OrderBy(c => c.DueAt).FirstOrDefault();
            var light = r.Running.Any(c => c.Overdue || c.DueAt < now) ? "overdue"
                : r.Running.Any(c => c.WarningAt != null && c.WarningAt <= now) ? "warning"
                : "normal";
            return new TicketSummary(
                r.Number,
                r.State.ToString(),
                r.Category.ToString(),
                r.Urgency.ToString(),
                PersonalData.Mask(PersonalDataField.Phone, r.Phone),
                r.Content.Length > 60 ? r.Content[..60] + "…" : r.Content,
                r.LeadUnit is { } id ? names.GetValueOrDefault(id) : null,
                r.RegisteredAt,
                next?.DueAt,
                light);
        }).ToList();
        return new TicketPage(items, Math.Min(counted, CountLimit), page, pageSize, TotalCapped: counted > CountLimit);
    }

    // The id breaks ties, so a ticket never shows on two pages or none; the list indexes end with it.
    private static IOrderedQueryable<Ticket> Sorted(IQueryable<Ticket> query, TicketSort sort) => sort switch
    {
        TicketSort.RegisteredAscending => query.OrderBy(t => t.RegisteredAt).ThenBy(t => t.Id),
        // Tickets without a running clock come last either way: nothing is due.
        TicketSort.NextDueAscending => query.OrderBy(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt) == null)
            .ThenBy(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt)).ThenBy(t => t.Id),
        TicketSort.NextDueDescending => query.OrderBy(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt) == null)
            .ThenByDescending(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt)).ThenBy(t => t.Id),
        TicketSort.NumberAscending => query.OrderBy(t => t.Number),
        TicketSort.NumberDescending => query.OrderByDescending(t => t.Number),
        _ => query.OrderByDescending(t => t.RegisteredAt).ThenByDescending(t => t.Id),
    };

    /// <summary>Centre staff and auditors see every ticket of their tenant; unit staff only their unit's.</summary>
    internal static bool SeesWholeTenant(CurrentUser user) => user.IsInAnyRole([HotlineRole.Dispatcher, HotlineRole.Reviewer,
        HotlineRole.EscalationReviewer, HotlineRole.Supervisor, HotlineRole.DisciplineLiaison, HotlineRole.Auditor]);

    /// <summary>
    /// The tenant's tickets, narrowed to the user's unit for unit staff. When the other conditions match few tickets,
    /// the tenant is compared as an expression (<c>TenantId || ''</c>), which no index serves: the planner then starts
    /// from those few rows by primary key. SQLite without statistics takes any equality on an indexed column for a
    /// handful of rows and would otherwise walk every ticket of the tenant (a second and more at 400,000 tickets).
    /// </summary>
    private IQueryable<Ticket> Visible(IQueryable<Ticket> query, bool fromFewRows)
    {
        var tenant = user.TenantId;
        // From few rows the tenant filter is opted out of by name and replaced by the same comparison as an expression:
        // the filter's own TenantId = @tenant would again make SQLite walk the tenant's index (80-200 ms, docs/perf.md).
        query = fromFewRows
            ? query.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).Where(t => t.TenantId + "" == tenant)
            : query.Where(t => t.TenantId == tenant);
        if (SeesWholeTenant(user))
        {
            return query;
        }

        // A unit user's unit code is its unit id; one without a unit sees nothing.
        return Guid.TryParse(user.UnitCode, out var unit)
            ? query.Where(AssignedTo(unit, fromFewRows))
            : query.Where(_ => false);
    }

    /// <summary>
    /// Tickets the unit is or was assigned to: an IN over the assignments' unit index when the tenant's tickets are walked;
    /// from few rows, a probe of that index per row instead, since building the IN list reads all of a big unit's 100,000
    /// assignments (50-100 ms) for a few thousand rows (docs/perf.md).
    /// </summary>
    private Expression<Func<Ticket, bool>> AssignedTo(Guid unit, bool fromFewRows) => fromFewRows
        ? t => t.Assignments.Any(a => a.UnitId == unit)
        : TicketQueue.Owning(db.Set<UnitAssignment>().Where(a => a.UnitId == unit));

    private static Expression<Func<Ticket, bool>> Not(Expression<Func<Ticket, bool>> condition) =>
        Expression.Lambda<Func<Ticket, bool>>(Expression.Not(condition.Body), condition.Parameters);
}
