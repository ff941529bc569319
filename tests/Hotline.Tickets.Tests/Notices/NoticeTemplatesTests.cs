using Hotline.Tickets.Notices;

namespace Hotline.Tickets.Tests.Notices;

public sealed class NoticeTemplatesTests
{
    public static TheoryData<string> Kinds => new(NoticeTemplates.Default.Kinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_template_renders_all_of_its_values(string kind)
    {
        var values = NoticeTemplates.Default.PlaceholdersOf(kind).ToDictionary(p => p, p => (string?)$"<{p}>");

        var rendered = NoticeTemplates.Default.Render(kind, values);

        Assert.DoesNotContain("{", rendered.Subject + rendered.Body, StringComparison.Ordinal);
        foreach (var placeholder in values.Keys)
        {
            Assert.Contains($"<{placeholder}>", rendered.Subject + rendered.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overdue_notice_reads_in_chinese_with_the_ticket_and_due_time()
    {
        var rendered = NoticeTemplates.Default.Render("deadline-overdue", new Dictionary<string, string?>
        {
            ["recipientName"] = "王主任",
            ["ticketNumber"] = "HSB-20261009-0001",
            ["clockName"] = "办理时限",
            ["dueAt"] = "2026-10-16 17:30",
            ["centreName"] = "红寺堡区分中心",
        });

        Assert.Equal("【12345热线】督办通知：工单 HSB-20261009-0001 办理时限已逾期", rendered.Subject);
        Assert.Contains("已于 2026-10-16 17:30 逾期", rendered.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => NoticeTemplates.Default.Render("deadline-overdue", new Dictionary<string, string?>
        {
            ["ticketNumber"] = "HSB-1",
        }));

        Assert.Contains("recipientName", error.Message, StringComparison.Ordinal);
        Assert.Contains("dueAt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_template_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NoticeTemplates.Default.Render("no-such-notice", new Dictionary<string, string?>()));
    }
}
