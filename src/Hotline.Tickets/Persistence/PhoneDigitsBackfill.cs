namespace Hotline.Tickets.Persistence;

/// <summary>
/// Fills <c>TicketCallers.PhoneDigits</c> for the callers stored before the column existed: the phone without the
/// characters <see cref="Hotline.Tickets.Tickets.Caller.IsPhone"/> allows besides digits. The same SQL on SQLite and PostgreSQL.
/// </summary>
public static class PhoneDigitsBackfill
{
    public const string Sql = """
        UPDATE "TicketCallers" SET "PhoneDigits" =
          NULLIF(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE("Phone", '-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '')
        WHERE "Phone" IS NOT NULL;
        """;
}
