using System.Linq.Expressions;
using Hotline.Tickets.Knowledge;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Search;

/// <summary>
/// Free-text conditions over the trigram indexes of <see cref="FullTextIndex"/>, for ticket search and the knowledge base
/// alike. Text of three characters or more is looked up in the index: SQLite's FTS5 table by <c>MATCH</c> (a quoted
/// phrase, so the text is matched as a substring, case-insensitively for Latin letters), PostgreSQL's GIN indexes by
/// <c>LIKE '%…%'</c>. One or two characters (a common Chinese word, 噪音) have no trigram: the fallback is a plain
/// substring match, which the other conditions' indexes narrow (date, state, unit) and the page's order index stops early
/// when the word is common; only a rare short word walks the tenant's rows.
/// </summary>
public sealed class TextMatch
{
    /// <summary>The shortest text a trigram index can look up.</summary>
    public const int MinIndexedLength = 3;

    /// <summary>Up to here the matched rows count as few, and a search starts from them (see TicketSearch).</summary>
    public const int FewMatches = Hotline.Application.Tickets.TicketSearch.CountLimit;

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private readonly HotlineDbContext db;
    private readonly string text;

    private TextMatch(HotlineDbContext db, string text)
    {
        this.db = db;
        this.text = text;
    }

    public static TextMatch For(HotlineDbContext db, string text)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        return new TextMatch(db, text);
    }

    /// <summary>Whether the text is long enough for the trigram index (counted in characters, not UTF-16 units).</summary>
    public bool Indexed => text.EnumerateRunes().Count() >= MinIndexedLength;

    private bool OnSqlite => db.Database.ProviderName == SqliteProvider;

    /// <summary>Tickets whose number, content or location contains the text.</summary>
    public Expression<Func<Ticket, bool>> Tickets(string tenantId)
    {
        if (Indexed && OnSqlite)
        {
            var ids = SqliteIds(FullTextIndex.TicketTable, tenantId);
            return t => ids.Contains(t.Id);
        }

        if (Indexed)
        {
            var pattern = LikePattern();
            return t => EF.Functions.Like(t.Number, pattern, Escape) || EF.Functions.Like(t.Content, pattern, Escape)
                || (t.Location != null && EF.Functions.Like(t.Location, pattern, Escape));
        }

        var value = text;
        return t => t.Number.Contains(value) || t.Content.Contains(value) || (t.Location != null && t.Location.Contains(value));
    }

    /// <summary>Articles whose title, body, categories or keywords contain the text.</summary>
    public Expression<Func<Article, bool>> Articles(string tenantId)
    {
        if (Indexed && OnSqlite)
        {
            var ids = SqliteIds(FullTextIndex.ArticleTable, tenantId);
            return a => ids.Contains(a.Id);
        }

        if (Indexed)
        {
            var pattern = LikePattern();
            return a => EF.Functions.Like(a.Title, pattern, Escape) || EF.Functions.Like(a.Body, pattern, Escape)
                || EF.Functions.Like(EF.Property<string>(a, CategoryColumn), pattern, Escape) || EF.Functions.Like(EF.Property<string>(a, KeywordColumn), pattern, Escape);
        }

        var value = text;
        return a => a.Title.Contains(value) || a.Body.Contains(value)
            || EF.Property<string>(a, CategoryColumn).Contains(value) || EF.Property<string>(a, KeywordColumn).Contains(value);
    }

    /// <summary>
    /// Whether <see cref="TicketsTestedOneByOne"/> serves: SQLite, text long enough for the index. PostgreSQL's planner
    /// chooses between its GIN index and the order's index itself.
    /// </summary>
    public bool TestsTicketsOneByOne => Indexed && OnSqlite;

    /// <summary>
    /// The tickets whose text contains the phrase, for a phrase that matches many (more than <see cref="FewMatches"/>):
    /// the rowids of the index's matches (the FTS row shares its ticket's rowid) are read once into a list, and each
    /// ticket the page's order index reaches is tested against it, so the first page stops after a few hundred tickets
    /// and a count narrowed by a state or filter walks only that state's index entries. Testing each ticket by an FTS
    /// lookup instead (the form before) cost 0.1–0.5 ms a ticket: seconds for a narrowed count. The other form,
    /// <see cref="Tickets"/>, reads every match's ids and tenant from the FTS rows, which is several times slower.
    /// SQLite only (see <see cref="TestsTicketsOneByOne"/>); further conditions compose on the result.
    /// </summary>
    public IQueryable<Ticket> TicketsTestedOneByOne() =>
        db.Tickets.FromSqlRaw(TicketsByRowidSql, Phrase());

    /// <summary>
    /// Whether a count of matching tickets may run in any order: PostgreSQL, text long enough for the GIN indexes. Its
    /// bitmap scan yields matches in table order; counting them in the page's order sorts every match before the row
    /// limit (0.7 s against 0.1 s for 30,000 matches at load 30, see docs/perf.md).
    /// </summary>
    public bool CountsInAnyOrder => Indexed && !OnSqlite;

    /// <summary>
    /// Whether at most <see cref="FewMatches"/> tickets of the tenant match, so the search may start from them. SQLite only
    /// (it plans without statistics); PostgreSQL's planner knows from its statistics, so this answers false there.
    /// </summary>
    public async Task<bool> FewTicketsAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!Indexed || !OnSqlite)
            return false;
        // Every tenant's matches first, by rowid only (a few ms): few there are few in the tenant. Up to a few times
        // FewMatches the tenant's own are then counted from the FTS rows (reading each match's TenantId); beyond that,
        // walking the tenant's smallest index against the list of matching rowids stops sooner, the more so the smaller
        // the tenant (docs/perf.md). Not composed (no row limit over it that EF would want ordered): the count is the one row.
        var all = await CountAsync(CountAllSql, cancellationToken, Phrase(), ManyMatches + 1);
        if (all <= FewMatches)
            return true;
        var counting = all <= ManyMatches ? CountTicketsSql : CountTicketsByIndexSql;
        return await CountAsync(counting, cancellationToken, Phrase(), tenantId, FewMatches + 1) <= FewMatches;
    }

    /// <summary>Up to here reading the matches' FTS rows is cheaper than walking the tenant's index (see FewTicketsAsync).</summary>
    private const int ManyMatches = 3 * FewMatches;

    private async Task<int> CountAsync(string sql, CancellationToken cancellationToken, params object[] parameters) =>
        (await db.Database.SqlQueryRaw<int>(sql, parameters).ToListAsync(cancellationToken))[0];

    private const string Escape = "\\";
    private const string CategoryColumn = "CategoryLines";
    private const string KeywordColumn = "KeywordLines";

    private string LikePattern() =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private const string TicketIdsSql = "SELECT \"TicketId\" AS \"Value\" FROM \"TicketText\" WHERE \"TicketText\" MATCH {0} AND \"TenantId\" = {1}";
    private const string CountTicketsSql =
        "SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM \"TicketText\" WHERE \"TicketText\" MATCH {0} AND \"TenantId\" = {1} LIMIT {2})";
    private const string CountAllSql =
        "SELECT count(*) AS \"Value\" FROM (SELECT rowid FROM \"TicketText\" WHERE \"TicketText\" MATCH {0} LIMIT {1})";
    private const string CountTicketsByIndexSql =
        "SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM \"Tickets\" AS t WHERE t.\"TenantId\" = {1} AND t.rowid IN " +
        "(SELECT rowid FROM \"TicketText\" WHERE \"TicketText\" MATCH {0}) LIMIT {2})";
    // The matches' rowids only: reading them costs a fraction of reading the FTS rows' columns (TicketId, TenantId), and
    // SQLite keeps them as an in-memory list that each ticket the order's index reaches is probed against.
    private const string TicketsByRowidSql =
        "SELECT t.* FROM \"Tickets\" AS t WHERE t.rowid IN (SELECT rowid FROM \"TicketText\" WHERE \"TicketText\" MATCH {0})";
    private const string ArticleIdsSql = "SELECT \"ArticleId\" AS \"Value\" FROM \"ArticleText\" WHERE \"ArticleText\" MATCH {0} AND \"TenantId\" = {1}";

    // A quoted FTS5 phrase: the trigram tokenizer then matches it as a substring; quotes inside are doubled. Both values
    // are parameters; the SQL is constant (the tables of FullTextIndex).
    private IQueryable<Guid> SqliteIds(string table, string tenantId) =>
        db.Database.SqlQueryRaw<Guid>(table == FullTextIndex.TicketTable ? TicketIdsSql : ArticleIdsSql, Phrase(), tenantId);

    private string Phrase() => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
