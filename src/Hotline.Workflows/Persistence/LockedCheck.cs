using System.Data.Common;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// A read under the lock that says whether what a run before it decided on still holds: a ticket's revision (its row
/// locked to the commit), a correlation's bookmarks. One statement with positional parameters (<c>$1</c>, …) and what its
/// rows mean. On PostgreSQL a unit sends all of them in one round trip
/// (<see cref="WorkflowUnitOfWork.WriteDeferredAsync(IReadOnlyList{LockedCheck}, CancellationToken)"/>), in order: a row
/// lock taken by one is held when the next one reads.
/// </summary>
/// <param name="Sql">The statement, PostgreSQL's dialect.</param>
/// <param name="Parameters">Its values, <c>$1</c> first.</param>
/// <param name="HoldsAsync">Reads the statement's rows from the reader (positioned at its result) and says whether the run stands.</param>
public sealed record LockedCheck(string Sql, IReadOnlyList<object> Parameters, Func<DbDataReader, CancellationToken, Task<bool>> HoldsAsync);
