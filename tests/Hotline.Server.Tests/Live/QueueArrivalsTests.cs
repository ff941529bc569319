using Hotline.Application.Changes;
using Hotline.Application.Queues;
using Hotline.Application.Units;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Live;

/// <summary>
/// What a batch of changes tells each open workbench (<see cref="QueueArrivals"/>) is worked out from the changes alone:
/// the queues are given a database that fails on any use, so a batch costs no query per workbench or per queue, and
/// the news still names the right queue for each user, nothing for another unit, another tenant or the actor.
/// </summary>
public sealed class QueueArrivalsTests
{
    private static readonly Guid UnitA = Guid.NewGuid();
    private static readonly Guid UnitB = Guid.NewGuid();

    private readonly QueueArrivals arrivals = new(new WorkQueues(new NoDatabase(), TimeProvider.System, new UnitTree(new NoDatabase())));

    private static CurrentUser User(string tenant, string id, HotlineRole role, Guid? unit = null) =>
        CurrentUser.From(HotlineClaims.CreatePrincipal("Hotline.Cookie", tenant, id, id, new RoleAssignment([role], unit?.ToString())));

    private static TicketChange Change(string number, TicketState? before, TicketState after, TicketAction action, string actor = "someone", params Guid[] units) =>
        new("hsb", number, before, after, [action], [actor], units);

    [Fact]
    public void Each_user_hears_of_the_tickets_that_came_into_their_queues_without_a_query()
    {
        var batch = new[]
        {
            Change("T-1", null, TicketState.Registered, TicketAction.Registered),
            Change("T-2", TicketState.Registered, TicketState.Dispatched, TicketAction.Dispatched, units: UnitA),
            Change("T-3", TicketState.Handling, TicketState.Handling, TicketAction.ReturnRequested, units: UnitA),
            Change("T-4", TicketState.Handling, TicketState.Handling, TicketAction.ExtensionRequested, units: UnitA),
            Change("T-4", TicketState.Handling, TicketState.Handling, TicketAction.ExtensionApproved, "reviewer-1", UnitA),
            new TicketChange("hsb", "T-5", TicketState.Handling, TicketState.Handling, [TicketAction.DeadlineReached], [], [UnitA], DeadlineWarned: true),
        };

        var dispatcher = arrivals.News(User("hsb", "dispatcher-1", HotlineRole.Dispatcher), batch);
        Assert.Equal([new QueueArrival("T-1", "to-dispatch", "待派单")], dispatcher.Arrivals);

        var handler = arrivals.News(User("hsb", "handler-a", HotlineRole.UnitHandler, UnitA), batch);
        Assert.Equal([new QueueArrival("T-2", "to-sign", "待签收")], handler.Arrivals);
        Assert.Equal(["T-5"], handler.Warned);
        Assert.Equal(["T-5"], handler.Overdue);

        // A return waits for review; an extension decided within the same burst does not.
        var reviewer = arrivals.News(User("hsb", "reviewer-2", HotlineRole.Reviewer), batch);
        Assert.Equal([new QueueArrival("T-3", "returns-to-review", "退办待审核")], reviewer.Arrivals);

        // An open ticket page hears of every ticket of the user's someone else changed, in a queue of theirs or not.
        Assert.Equal(["T-2", "T-3", "T-4", "T-5"], handler.Changed.Order());

        // The other unit, the other county and whoever acted hear nothing.
        Assert.True(arrivals.News(User("hsb", "handler-b", HotlineRole.UnitHandler, UnitB), batch).IsEmpty);
        Assert.True(arrivals.News(User("hl", "dispatcher-9", HotlineRole.Dispatcher), batch).IsEmpty);
        Assert.True(arrivals.News(User("hsb", "someone", HotlineRole.Dispatcher), batch[..4]).IsEmpty);
    }

    /// <summary>A database that is not there: any scope opened fails the test.</summary>
    private sealed class NoDatabase : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => throw new InvalidOperationException("The news of a batch must not query the database.");
    }
}
