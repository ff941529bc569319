using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Tickets;

public sealed partial class TicketSearch
{
    /// <summary>
    /// Which of <paramref name="numbers"/> are in <paramref name="queue"/> now, as this user sees it (tenant, unit): what
    /// a change feed's tickets mean for one open workbench. One query, by the tenant's number index.
    /// </summary>
    public async Task<IReadOnlyList<string>> NumbersInAsync(TicketQueue queue, IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(numbers);
        if (numbers.Count == 0)
        {
            return [];
        }

        var query = db.Tickets.Where(t => numbers.Contains(t.Number)).Where(queue.Filter(db, time.GetUtcNow()).Condition);
        return await Visible(query, fromFewRows: false).Select(t => t.Number).ToListAsync(cancellationToken);
    }
}
