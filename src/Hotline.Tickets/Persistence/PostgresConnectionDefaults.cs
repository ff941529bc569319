using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// What the server adds to a PostgreSQL connection string that does not say otherwise: Npgsql's automatic preparation
/// of the statements every ticket action repeats, which spares PostgreSQL parsing and planning them again (docs/perf.md:
/// about a quarter less database CPU per action), and no session reset when a connection goes back to the pool. A
/// setting the connection string gives, <c>Max Auto Prepare=0</c> included (behind PgBouncer's transaction pooling
/// before 1.21), is kept as given.
/// </summary>
public static class PostgresConnectionDefaults
{
    /// <summary>Statements prepared per physical connection; an action and its workflows repeat a few dozen.</summary>
    public const int MaxAutoPrepare = 50;

    /// <summary>A statement is prepared on its second use, not Npgsql's default fifth.</summary>
    public const int AutoPrepareMinUsages = 2;

    /// <summary>
    /// Npgsql resets a pooled connection's session on its next use (seven statements: <c>RESET ALL</c>, <c>UNLISTEN *</c>,
    /// the advisory locks, …). Every statement outside a transaction takes a connection from the pool and gives it back,
    /// so an action paid 11–16 resets, about 0.16 ms of PostgreSQL CPU each (docs/perf.md, pgsave). The server leaves no
    /// session state behind: its settings are <c>SET LOCAL</c>, it takes no advisory lock, and the change feed's
    /// <c>LISTEN</c> has a connection of its own, outside the pool.
    /// </summary>
    public const bool NoResetOnClose = true;

    /// <summary>
    /// The connection string with the defaults the operator did not set. A string Npgsql would refuse (an unknown key, a
    /// value out of range) is refused here, at start-up, naming the setting, not at the first request's connection.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection string is not one Npgsql takes.</exception>
    public static string Apply(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        Validate(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var added = "";
        foreach (var (key, value) in new (string Key, object Value)[]
        {
            ("Max Auto Prepare", MaxAutoPrepare),
            ("Auto Prepare Min Usages", AutoPrepareMinUsages),
            ("No Reset On Close", NoResetOnClose),
        })
        {
            if (!Gives(given, key))
            {
                added += string.Create(CultureInfo.InvariantCulture, $";{key}={value}");
            }
        }

        return added.Length == 0 ? connectionString : connectionString.TrimEnd().TrimEnd(';') + added;
    }

    private static void Validate(string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql names the key ("Couldn't set max auto prepare", "Keyword not supported: 'maxautoprepair'").
            throw new InvalidOperationException($"ConnectionStrings:Hotline is not a PostgreSQL connection string Npgsql takes: {e.Message}", e);
        }

        if (parsed.Multiplexing)
        {
            // Found by starting the server with it: the data protection key ring and other start-up reads fail.
            throw new InvalidOperationException(
                "ConnectionStrings:Hotline sets Multiplexing=true, which the server does not support: parts of it (ASP.NET Core's "
                + "data protection key ring among them) run synchronous commands, which Npgsql refuses under multiplexing.");
        }

        // Npgsql checks this one only when the first connection opens.
        if (parsed.MinPoolSize > parsed.MaxPoolSize)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:Hotline sets Minimum Pool Size={parsed.MinPoolSize} above Maximum Pool Size={parsed.MaxPoolSize}.");
        }
    }

    // Npgsql takes a key with or without its spaces, in any case.
    private static bool Gives(DbConnectionStringBuilder given, string key) =>
        given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), key.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
}
