namespace Hotline.Tickets.Persistence;

/// <summary>
/// The full-text indexes over ticket text (number, content, location) and knowledge-base articles (title, body,
/// categories, keywords), as SQL the migrations run. Chinese has no spaces between words, so both engines index
/// character trigrams: SQLite an FTS5 table with the <c>trigram</c> tokenizer per source table, filled by triggers and
/// keyed by the source row's rowid; PostgreSQL <c>pg_trgm</c> GIN indexes that serve <c>LIKE '%…%'</c>. A query of one
/// or two characters has no trigram: it falls back to a plain substring match (see <c>TextMatch</c>).
/// On SQLite a migration that rebuilds <c>Tickets</c> or <c>Articles</c> drops the triggers with the table: run
/// <see cref="SqliteCreate"/> again after it.
/// </summary>
public static class FullTextIndex
{
    public const string TicketTable = "TicketText";
    public const string ArticleTable = "ArticleText";

    private static string SqliteTicketText(string row) =>
        $"{row}.\"Number\" || char(10) || {row}.\"Content\" || char(10) || coalesce({row}.\"Location\", '')";

    private static string SqliteArticleText(string row) =>
        $"{row}.\"Title\" || char(10) || {row}.\"Body\" || char(10) || {row}.\"Categories\" || char(10) || {row}.\"Keywords\"";

    /// <summary>Creates (or re-creates) both FTS5 tables and their triggers and fills them from the source tables.</summary>
    public static string SqliteCreate() =>
        Sqlite(TicketTable, "Tickets", "TicketId", "TenantId", ["Number", "Content", "Location"], SqliteTicketText)
        + Sqlite(ArticleTable, "Articles", "ArticleId", "TenantId", ["Title", "Body", "Categories", "Keywords"], SqliteArticleText);

    public static string SqliteDrop() => $"""
        DROP TRIGGER IF EXISTS "Tickets_text_insert"; DROP TRIGGER IF EXISTS "Tickets_text_update"; DROP TRIGGER IF EXISTS "Tickets_text_delete";
        DROP TRIGGER IF EXISTS "Articles_text_insert"; DROP TRIGGER IF EXISTS "Articles_text_update"; DROP TRIGGER IF EXISTS "Articles_text_delete";
        DROP TABLE IF EXISTS "{TicketTable}"; DROP TABLE IF EXISTS "{ArticleTable}";
        """;

    private static string Sqlite(string fts, string source, string idColumn, string tenantColumn, string[] columns, Func<string, string> text) => $"""
        DROP TRIGGER IF EXISTS "{source}_text_insert"; DROP TRIGGER IF EXISTS "{source}_text_update"; DROP TRIGGER IF EXISTS "{source}_text_delete";
        DROP TABLE IF EXISTS "{fts}";
        CREATE VIRTUAL TABLE "{fts}" USING fts5("{idColumn}" UNINDEXED, "{tenantColumn}" UNINDEXED, "Text", tokenize = 'trigram');
        INSERT INTO "{fts}" (rowid, "{idColumn}", "{tenantColumn}", "Text") SELECT s.rowid, s."Id", s."TenantId", {text("s")} FROM "{source}" AS s;
        CREATE TRIGGER "{source}_text_insert" AFTER INSERT ON "{source}" BEGIN
          INSERT INTO "{fts}" (rowid, "{idColumn}", "{tenantColumn}", "Text") VALUES (NEW.rowid, NEW."Id", NEW."TenantId", {text("NEW")});
        END;
        CREATE TRIGGER "{source}_text_update" AFTER UPDATE OF {string.Join(", ", columns.Select(c => $"\"{c}\""))} ON "{source}" BEGIN
          DELETE FROM "{fts}" WHERE rowid = OLD.rowid;
          INSERT INTO "{fts}" (rowid, "{idColumn}", "{tenantColumn}", "Text") VALUES (NEW.rowid, NEW."Id", NEW."TenantId", {text("NEW")});
        END;
        CREATE TRIGGER "{source}_text_delete" AFTER DELETE ON "{source}" BEGIN
          DELETE FROM "{fts}" WHERE rowid = OLD.rowid;
        END;

        """;

    /// <summary>pg_trgm and a GIN trigram index on every searched column.</summary>
    public static string PostgresCreate() => """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX IF NOT EXISTS "IX_Tickets_Number_trgm" ON "Tickets" USING gin ("Number" gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS "IX_Tickets_Content_trgm" ON "Tickets" USING gin ("Content" gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS "IX_Tickets_Location_trgm" ON "Tickets" USING gin ("Location" gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS "IX_Articles_Title_trgm" ON "Articles" USING gin ("Title" gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS "IX_Articles_Body_trgm" ON "Articles" USING gin ("Body" gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS "IX_Articles_Categories_trgm" ON "Articles" USING gin ("Categories" gin_trgm_ops);
        CREATE INDEX IF NOT EXISTS "IX_Articles_Keywords_trgm" ON "Articles" USING gin ("Keywords" gin_trgm_ops);
        """;

    /// <summary>The indexes only: the extension may serve other databases' objects, so it stays.</summary>
    public static string PostgresDrop() => """
        DROP INDEX IF EXISTS "IX_Tickets_Number_trgm"; DROP INDEX IF EXISTS "IX_Tickets_Content_trgm"; DROP INDEX IF EXISTS "IX_Tickets_Location_trgm";
        DROP INDEX IF EXISTS "IX_Articles_Title_trgm"; DROP INDEX IF EXISTS "IX_Articles_Body_trgm";
        DROP INDEX IF EXISTS "IX_Articles_Categories_trgm"; DROP INDEX IF EXISTS "IX_Articles_Keywords_trgm";
        """;
}
