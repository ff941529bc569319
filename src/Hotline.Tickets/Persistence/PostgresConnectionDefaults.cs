using System.Data.Common;
using System.Globalization;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// What the server adds to a PostgreSQL connection string that does not say otherwise: Npgsql's automatic preparation
/// of the statements every ticket action repeats, which spares PostgreSQL parsing and planning them again (docs/perf.md:
/// about a quarter less database CPU per action). A setting the connection string gives, <c>Max Auto Prepare=0</c>
/// included (behind PgBouncer's transaction pooling before 1.21), is kept as given.
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>Statements prepared per physical connection; an action and its workflows repeat a few dozen.</summary>
    public const int MaxAutoPrepare = 50;

    /// <summary>A statement is prepared on its second use, not Npgsql's default fifth.</summary>
    public const int AutoPrepareMinUsages = 2;

    public static string Apply(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var added = "";
        if (!Gives(given, "MaxAutoPrepare"))
        {
            added += string.Create(CultureInfo.InvariantCulture, $";Max Auto Prepare={MaxAutoPrepare}");
        }

        if (!Gives(given, "AutoPrepareMinUsages"))
        {
            added += string.Create(CultureInfo.InvariantCulture, $";Auto Prepare Min Usages={AutoPrepareMinUsages}");
        }

        return added.Length == 0 ? connectionString : connectionString.TrimEnd().TrimEnd(';') + added;
    }

    // Npgsql takes a key with or without its spaces, in any case.
    private static bool Gives(DbConnectionStringBuilder given, string key) =>
        given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), key, StringComparison.OrdinalIgnoreCase));
}
