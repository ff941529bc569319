using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Hands EF Core's SQLite commands the connection's prepared statement for their text (<see cref="SqliteStatementCache"/>)
/// instead of the fresh command EF built, which SQLite would compile again. Added to both stores' SQLite contexts.
/// </summary>
public sealed class SqliteStatementReuse : DbCommandInterceptor
{
    private SqliteStatementReuse()
    {
    }

    public static SqliteStatementReuse Instance { get; } = new();

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) =>
        result is SqliteCommand { Connection: { State: ConnectionState.Open } connection } built
            ? SqliteStatementCache.Of(connection).Replace(built)
            : result;
}
