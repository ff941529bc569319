using Hotline.Application.Reports;

namespace Hotline.Server.Tests.Workbench;

/// <summary>Hot topics (热点诉求): what rose against the month before, largest rise first.</summary>
public sealed class HotTopicTests
{
    [Fact]
    public void Only_categories_and_locations_that_rose_are_listed_largest_rise_first()
    {
        (string, string)[] september = [("事发地点", "新民街"), ("事发地点", "新民街"), ("事发地点", "新民街"), ("诉求类别", "投诉"), ("诉求类别", "咨询")];
        (string, string)[] august = [("事发地点", "新民街"), ("诉求类别", "投诉"), ("诉求类别", "投诉")];

        var hot = HotTopic.Rising(september, august);

        Assert.Equal([("新民街", 2), ("咨询", 1)], hot.Select(t => (t.Name, t.Rise)));
        Assert.Equal((3, 1), (hot[0].Count, hot[0].PreviousCount));
    }
}
