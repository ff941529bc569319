using Hotline.Application.Queues;

namespace Hotline.Server.Tests.Workbench;

/// <summary>The traffic light a row shows: the policy's warning point when set, else the last fifth of the span.</summary>
public sealed class DeadlineLightTests
{
    private static readonly DateTimeOffset Start = new(2025, 9, 22, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Without_a_warning_point_a_clock_warns_in_the_last_fifth_of_its_span()
    {
        var clock = new ClockTimes(Start, Start.AddDays(5), WarningAt: null, Overdue: false);

        Assert.Equal(DeadlineLight.Normal, DeadlineLights.Of(clock, Start.AddDays(3.9)));
        Assert.Equal(DeadlineLight.Warning, DeadlineLights.Of(clock, Start.AddDays(4)));
        Assert.Equal(DeadlineLight.Warning, DeadlineLights.Of(clock, Start.AddDays(5)));
        Assert.Equal(DeadlineLight.Overdue, DeadlineLights.Of(clock, Start.AddDays(5).AddTicks(1)));
    }

    [Fact]
    public void The_policys_warning_point_and_a_timer_marked_overdue_win()
    {
        var warned = new ClockTimes(Start, Start.AddDays(5), WarningAt: Start.AddDays(1), Overdue: false);
        Assert.Equal(DeadlineLight.Warning, DeadlineLights.Of(warned, Start.AddDays(1)));

        var marked = new ClockTimes(Start, Start.AddDays(5), WarningAt: null, Overdue: true);
        Assert.Equal(DeadlineLight.Overdue, DeadlineLights.Of(marked, Start));
    }

    [Fact]
    public void A_ticket_shows_its_worst_running_clock()
    {
        var calm = new ClockTimes(Start, Start.AddDays(10), null, false);
        var late = new ClockTimes(Start, Start.AddHours(1), null, false);

        Assert.Equal(DeadlineLight.Overdue, DeadlineLights.Worst([calm, late], Start.AddHours(2)));
        Assert.Equal(DeadlineLight.Normal, DeadlineLights.Worst([], Start));
    }
}
