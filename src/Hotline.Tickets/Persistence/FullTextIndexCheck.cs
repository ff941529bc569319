using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// SQLite's FTS rows are keyed on their source row's rowid (<see cref="FullTextIndex"/>): a migration that rebuilds
/// <c>Tickets</c> or <c>Articles</c> drops the triggers, and a <c>VACUUM</c> may renumber the rowids, and either breaks
/// text search silently. At start-up, after the migrations, this checks that the tables and triggers are there, the row
/// counts agree and the oldest and newest rows still name the same ids, and rebuilds both FTS tables otherwise. The
/// counts read every row once (well under a second at a million tickets). PostgreSQL's indexes need no such check.
/// </summary>
public static class FullTextIndexCheck
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    /// <summary>The objects <see cref="FullTextIndex.SqliteCreate"/> makes: two FTS tables and three triggers per source table.</summary>
    private static readonly string[] Objects =
    [
        FullTextIndex.TicketTable, FullTextIndex.ArticleTable,
        "Tickets_text_insert", "Tickets_text_update", "Tickets_text_delete",
        "Articles_text_insert", "Articles_text_update", "Articles_text_delete",
    ];

    private const int Sample = 50;

    /// <summary>Rebuilds the FTS tables when they are missing or out of step; true when it did.</summary>
    public static async Task<bool> RepairIfBrokenAsync(HotlineDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.ProviderName != SqliteProvider || await IntactAsync(db, cancellationToken))
            return false;
        await db.Database.ExecuteSqlRawAsync(FullTextIndex.SqliteCreate(), cancellationToken);
        return true;
    }

    private static async Task<bool> IntactAsync(HotlineDbContext db, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", Objects.Select(o => $"'{o}'"));
        // The tables first: the row check below cannot even be prepared without them.
        var present = await ScalarAsync(db, $"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name IN ({names})", cancellationToken);
        if (present != Objects.Length)
            return false;
        var inStep = await ScalarAsync(db, $"""
            SELECT ((SELECT count(*) FROM "Tickets") = (SELECT count(*) FROM "{FullTextIndex.TicketTable}")
              AND (SELECT count(*) FROM "Articles") = (SELECT count(*) FROM "{FullTextIndex.ArticleTable}")
              AND {SameIds(FullTextIndex.TicketTable, "TicketId", "Tickets", "DESC")} AND {SameIds(FullTextIndex.TicketTable, "TicketId", "Tickets", "ASC")}
              AND {SameIds(FullTextIndex.ArticleTable, "ArticleId", "Articles", "DESC")} AND {SameIds(FullTextIndex.ArticleTable, "ArticleId", "Articles", "ASC")}) AS "Value"
            """, cancellationToken);
        return inStep == 1;
    }

    // The FTS rows at one end of the rowid order name the source rows of the same rowid.
    private static string SameIds(string fts, string idColumn, string source, string order) => $"""
        NOT EXISTS (SELECT 1 FROM (SELECT rowid AS r, "{idColumn}" AS id FROM "{fts}" ORDER BY rowid {order} LIMIT {Sample}) AS f
          LEFT JOIN "{source}" AS s ON s.rowid = f.r WHERE s."Id" IS NOT f.id)
        """;

    private static async Task<int> ScalarAsync(HotlineDbContext db, string sql, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<int>(sql).ToListAsync(cancellationToken))[0];
}
