using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The <see cref="SqliteRowAppend"/> commands of one unit of work, its INSERT, UPDATE and DELETE per entity type, bound to the
/// unit's transaction: rented from the connection's <see cref="SqliteStatementCache"/> for the unit (one look-up per
/// unit, not per save) and given back, still prepared, when the unit ends.
/// </summary>
internal sealed class PreparedRows : IAsyncDisposable
{
    private readonly Dictionary<(IEntityType Entity, RowWrite Write), DbCommand> commands = [];

    public DbCommand For(IEntityType entity, RowWrite write, DbTransaction transaction, Func<DbCommand> create)
    {
        if (commands.TryGetValue((entity, write), out var command) && ReferenceEquals(command.Transaction, transaction))
        {
            return command;
        }

        command?.Dispose();
        return commands[(entity, write)] = create();
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
