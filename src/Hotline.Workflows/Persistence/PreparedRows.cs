using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The <see cref="SqliteRowAppend"/> commands of one unit of work, an INSERT and an UPDATE per entity type, bound to the
/// unit's transaction: rented from the connection's <see cref="SqliteStatementCache"/> for the unit (one look-up per
/// unit, not per save) and given back, still prepared, when the unit ends.
/// </summary>
internal sealed class PreparedRows : IAsyncDisposable
{
    private readonly Dictionary<(IEntityType Entity, bool Update), DbCommand> commands = [];

    public DbCommand For(IEntityType entity, bool update, DbTransaction transaction, Func<DbCommand> create)
    {
        if (commands.TryGetValue((entity, update), out var command) && ReferenceEquals(command.Transaction, transaction))
        {
            return command;
        }

        command?.Dispose();
        return commands[(entity, update)] = create();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        commands.Clear();
    }
}
