using System.Collections.Concurrent;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The units of work of one process queue here, first come first served, before they ask SQLite for its single write
/// lock. Without it, every waiting request sat in SQLite's busy handler, which sleeps a thread-pool thread and polls:
/// fifty clients meant fifty blocked threads, the lock idle between polls and no order among the waiters. SQLite's lock
/// stays the truth (other processes, and writes outside a unit of work, still meet it); this only makes the waiting
/// asynchronous and fair. One queue per connection string, so test hosts on different files do not wait for each other.
/// </summary>
internal static class SqliteWriteQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);

    /// <summary>Waits for this process's turn to write to <paramref name="connectionString"/>'s database; dispose to pass it on.</summary>
    public static async Task<IDisposable> EnterAsync(string connectionString, CancellationToken cancellationToken)
    {
        var queue = Queues.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
        // A turn never passed on (a unit of work left undisposed) must not stop every writer: after the busy timeout's
        // length the unit goes on to SQLite's own lock, which is what decides anyway.
        return await queue.WaitAsync(PatienceLimit, cancellationToken).ConfigureAwait(false) ? new Turn(queue) : new Turn(null);
    }

    private static readonly TimeSpan PatienceLimit = TimeSpan.FromSeconds(10);

    private sealed class Turn(SemaphoreSlim? queue) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (queue is not null && Interlocked.Exchange(ref released, 1) == 0)
            {
                queue.Release();
            }
        }
    }
}
