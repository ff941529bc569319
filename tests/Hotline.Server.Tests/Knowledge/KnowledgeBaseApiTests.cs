using System.Net;
using System.Text.Json;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Extensions.DependencyInjection;
using static Hotline.Server.Tests.Knowledge.KnowledgeApi;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Knowledge;

/// <summary>
/// The knowledge base through the API (WZ-DSP-1, WZ-GEN-3, QU-GEN-3, QU-ASM-1): a unit keeps its own entries, the
/// centre reviews and publishes, every change is a revision with who changed what; full-text search finds Chinese text
/// of three characters and more in the trigram index, and shorter words by the fallback, on SQLite and PostgreSQL. Every
/// refusal is problem details and changes nothing; another tenant's articles are unreachable both ways.
/// </summary>
public sealed class KnowledgeBaseApiTests
{
    private static readonly DateTimeOffset Monday = At(2025, 9, 29, 10);

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task A_units_draft_is_reviewed_published_found_in_Chinese_and_retired_with_every_revision_recorded(string database)
    {
        await using var s = await StartAsync("qu", Monday, database);
        var handler = await s.Handler;
        var reviewer = await s.Reviewer;
        var dispatcher = await s.Dispatcher;

        var draft = await handler.CreateAsync();
        Assert.Equal("Draft", State(draft));
        Assert.Equal(s.Unit, draft.GetProperty("summary").GetProperty("owningUnitId").GetGuid());
        // Not yet offered to call takers.
        Assert.Empty(await dispatcher.TitlesFoundAsync("公积金提取"));

        var edited = await handler.SendAsync(HttpMethod.Put, $"{Articles}/{Id(draft)}?version={Version(draft)}",
            Article(body: "提取住房公积金需携带身份证、银行卡及购房合同原件，到市公积金中心一楼窗口办理。")).OkAsync();
        var submitted = await handler.StepAsync(edited, "submit").OkAsync();
        Assert.Equal("Review", State(submitted));
        var published = await reviewer.StepAsync(submitted, "publish").OkAsync();
        Assert.Equal("Published", State(published));

        // Three characters and more: the trigram index; two (a common Chinese word): the fallback; keywords too.
        Assert.Equal(["住房公积金提取需要哪些材料"], await dispatcher.TitlesFoundAsync("公积金中心一楼"));
        Assert.Equal(["住房公积金提取需要哪些材料"], await dispatcher.TitlesFoundAsync("提取"));
        Assert.Equal(["住房公积金提取需要哪些材料"], await dispatcher.TitlesFoundAsync("购房"));
        Assert.Empty(await dispatcher.TitlesFoundAsync("医保报销"));
        var suggested = await dispatcher.SendAsync(HttpMethod.Post, $"{Articles}/suggestions", new { text = "市民咨询公积金提取需要带什么" }).OkAsync();
        Assert.Single(suggested.EnumerateArray());

        var retired = await reviewer.StepAsync(published, "retire", "政策调整，条目废止").OkAsync();
        Assert.Equal("Retired", State(retired));
        Assert.Empty(await dispatcher.TitlesFoundAsync("公积金中心一楼"));

        var history = (await reviewer.GetJsonAsync($"{Articles}/{Id(draft)}/revisions")).EnumerateArray().ToList();
        Assert.Equal(["Created", "Edited", "Submitted", "Published", "Retired"], history.Select(r => r.GetProperty("change").GetString()));
        Assert.Equal(["unit-handler", "unit-handler", "unit-handler", "reviewer", "reviewer"], history.Select(r => r.GetProperty("changedBy").GetString()));
        Assert.Equal("body", history[1].GetProperty("fields").GetString());
        Assert.Contains("一楼窗口", history[1].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("政策调整，条目废止", history[4].GetProperty("note").GetString());
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task Ticket_text_search_finds_Chinese_content_by_the_index_and_short_words_by_the_fallback(string database)
    {
        await using var s = await StartAsync("qu", Monday, database);
        var noise = await s.RegisterAsync(Intake("Complaint", content: "夜间施工噪音扰民，影响休息"));
        var road = await s.RegisterAsync(Intake("Complaint", content: "小区门口道路破损，雨天积水严重"));
        var dispatcher = await s.Dispatcher;

        async Task<List<string>> FoundAsync(string text) =>
            (await dispatcher.GetJsonAsync($"/api/tickets?text={Uri.EscapeDataString(text)}")).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("number").GetString()!).ToList();

        Assert.Equal([noise], await FoundAsync("噪音扰民"));
        Assert.Equal([noise], await FoundAsync("噪音"));
        Assert.Equal([road], await FoundAsync("积水严重"));
        Assert.Empty(await FoundAsync("垃圾清运不及时"));
        Assert.Equal([road], await FoundAsync(road[^6..]));
        // A quote or an FTS operator in the text is text, not syntax.
        Assert.Empty(await FoundAsync("\"噪音\" OR 积水"));
    }

    [Fact]
    public async Task Units_keep_their_own_entries_and_only_the_centre_publishes_refusals_change_nothing()
    {
        await using var s = await StartAsync("qu", Monday);
        var handler = await s.Handler;
        var otherUnit = await s.AsAsync(HotlineRole.UnitHandler, coUnit: true);
        var dispatcher = await s.Dispatcher;
        var reviewer = await s.Reviewer;
        var draft = await handler.CreateAsync();
        var path = $"{Articles}/{Id(draft)}";

        // No credentials.
        using (var anonymous = s.Host.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(Articles, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, Articles, Article())).StatusCode);
        }

        // Wrong role: a dispatcher writes nothing, a unit handler publishes nothing; another unit does not keep this entry.
        Assert.Equal("access.denied", (await (await dispatcher.SendAsync(HttpMethod.Post, Articles, Article())).ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        await handler.StepAsync(draft, "submit").OkAsync();
        var submitted = await handler.GetJsonAsync(path);
        Assert.Equal("access.denied", (await (await handler.StepAsync(submitted, "publish")).ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        var notOwner = await (await otherUnit.SendAsync(HttpMethod.Put, $"{path}?version={Version(submitted)}", Article(title: "改标题"))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("knowledge.article-not-found", notOwner.GetProperty("code").GetString());
        var published = await reviewer.StepAsync(submitted, "publish").OkAsync();
        var foreignEdit = await (await otherUnit.SendAsync(HttpMethod.Put, $"{path}?version={Version(published)}", Article(title: "改标题"))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("knowledge.not-owner", foreignEdit.GetProperty("code").GetString());
        AssertCites(foreignEdit, "QU-GEN-3");
        var foreignRetire = await (await (await s.AsAsync(HotlineRole.UnitLeader, coUnit: true)).StepAsync(published, "retire", "不是我们的")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("knowledge.role-not-allowed", foreignRetire.GetProperty("code").GetString());

        // Bad input and a stale version.
        var missing = await (await handler.SendAsync(HttpMethod.Put, $"{path}?version={Version(published)}", Article(title: " "))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("knowledge.input-missing", missing.GetProperty("code").GetString());
        var dates = await (await handler.SendAsync(HttpMethod.Post, Articles, Article(from: "2025-10-01", reviewBy: "2025-09-30"))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("knowledge.dates-invalid", dates.GetProperty("code").GetString());
        var stale = await (await handler.SendAsync(HttpMethod.Put, $"{path}?version=1", Article(title: "新标题"))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("knowledge.version-stale", stale.GetProperty("code").GetString());
        await (await reviewer.GetAsync(new Uri($"{Articles}?pageSize=1000", UriKind.Relative), TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await reviewer.StepAsync(published, "send-back", "")).ProblemAsync(HttpStatusCode.Conflict);
        await (await reviewer.StepAsync(published, "retire", " ")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Nothing of it changed the article.
        var after = await reviewer.GetJsonAsync(path);
        Assert.Equal(Version(published), Version(after));
        Assert.Equal("Published", State(after));
        Assert.Equal("住房公积金提取需要哪些材料", after.GetProperty("summary").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Another_tenants_articles_are_unreachable_both_ways()
    {
        await using var s = await StartAsync("qu", Monday);
        var hl = await OnAsync(s.Host, "hl");
        var quReviewer = await s.Reviewer;
        var hlReviewer = await hl.Reviewer;
        var qu = await PublishedAsync(await s.Handler, quReviewer, Article(title: "渠县公积金提取材料"));
        var hlArticle = await PublishedAsync(await hl.Handler, hlReviewer, Article(title: "华龙区公积金提取材料"));

        foreach (var (client, foreign) in new[] { (hlReviewer, qu), (quReviewer, hlArticle) })
        {
            var path = $"{Articles}/{Id(foreign)}";
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(path + "/revisions", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
            await (await client.StepAsync(foreign, "retire", "越权")).ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(["渠县公积金提取材料"], await (await s.Dispatcher).TitlesFoundAsync("公积金提取"));
        Assert.Equal(["华龙区公积金提取材料"], await (await hl.Dispatcher).TitlesFoundAsync("公积金提取"));
        // A direct answer cannot cite another county's article, and registers nothing.
        var refused = await (await (await s.Dispatcher).SendAsync(HttpMethod.Post, "/api/knowledge/direct-answers", DirectAnswer(Id(hlArticle)))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("knowledge.article-not-found", refused.GetProperty("code").GetString());
        Assert.Equal(0, (await quReviewer.GetJsonAsync("/api/tickets")).GetProperty("totalCount").GetInt32());
        Assert.Equal("Published", State(await hlReviewer.GetJsonAsync($"{Articles}/{Id(hlArticle)}")));
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task A_direct_answer_closes_a_consultation_at_intake_citing_the_article_and_counts_apart(string database)
    {
        await using var s = await StartAsync("qu", Monday, database);
        var article = await PublishedAsync(await s.Handler, await s.Reviewer, Article());
        var dispatcher = await s.Dispatcher;

        var ticket = await dispatcher.SendAsync(HttpMethod.Post, "/api/knowledge/direct-answers", DirectAnswer(Id(article), "已告知所需材料")).OkAsync(HttpStatusCode.Created);
        Assert.Equal("Closed", ticket.GetProperty("state").GetString());
        Assert.Equal("Consultation", ticket.GetProperty("category").GetString());
        var answered = ticket.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("action").GetString() == "AnsweredDirectly");
        Assert.Equal("已告知所需材料", answered.GetProperty("reason").GetString());
        Assert.Contains(Id(article).ToString(), answered.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Contains("WZ-DSP-1", answered.GetProperty("ruleIds").GetString(), StringComparison.Ordinal);
        Assert.All(ticket.GetProperty("clocks").EnumerateArray(), c => Assert.False(c.GetProperty("running").GetBoolean()));

        // The lifecycle takes it straight to archiving.
        var number = ticket.GetProperty("number").GetString()!;
        Assert.Equal("Archived", (await s.ActAsync(HotlineRole.Reviewer, number, "archive")).GetProperty("state").GetString());

        await s.RegisterAsync(Intake("Complaint"));
        var report = await s.Host.Services.GetRequiredService<Hotline.Application.Reports.MonthlyReports>()
            .BuildAsync(WorkbenchUsers.Demo("qu", HotlineRole.Supervisor), 2025, 9, TestContext.Current.CancellationToken);
        Assert.Equal(2, report.Registered);
        Assert.Equal(1, report.AnsweredDirectly);
    }

    [Fact]
    public async Task A_direct_answer_needs_a_dispatcher_and_a_published_article_in_effect_and_refusals_register_nothing()
    {
        await using var s = await StartAsync("qu", Monday);
        var handler = await s.Handler;
        var reviewer = await s.Reviewer;
        var dispatcher = await s.Dispatcher;
        var draft = await handler.CreateAsync();
        var future = await PublishedAsync(handler, reviewer, Article(title: "明年起施行的政策", from: "2026-01-01", reviewBy: "2026-06-30"));
        const string path = "/api/knowledge/direct-answers";

        using (var anonymous = s.Host.CreateClient())
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, path, DirectAnswer(Id(draft)))).StatusCode);
        await (await handler.SendAsync(HttpMethod.Post, path, DirectAnswer(Id(draft)))).ProblemAsync(HttpStatusCode.Forbidden);
        foreach (var unusable in new[] { draft, future })
        {
            var problem = await (await dispatcher.SendAsync(HttpMethod.Post, path, DirectAnswer(Id(unusable)))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("knowledge.article-not-answerable", problem.GetProperty("code").GetString());
            AssertCites(problem, "WZ-DSP-1");
        }

        await (await dispatcher.SendAsync(HttpMethod.Post, path, DirectAnswer(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound);
        var published = await PublishedAsync(handler, reviewer, Article(title: "公积金提取"));
        var noContent = await (await dispatcher.SendAsync(HttpMethod.Post, path, new { channel = "Phone", caller = new { name = "李四", phone = "13912345678" }, articleId = Id(published) }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("ticket.input-missing", noContent.GetProperty("code").GetString());
        Assert.Equal(0, (await reviewer.GetJsonAsync("/api/tickets")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task An_article_past_its_review_date_shows_in_its_units_queue_and_the_assessment()
    {
        await using var s = await StartAsync("qu", Monday);
        var handler = await s.Handler;
        await PublishedAsync(handler, await s.Reviewer, Article(reviewBy: "2025-10-15"));
        Assert.Equal(0, (await handler.GetJsonAsync($"{Articles}?reviewDue=true")).GetProperty("totalCount").GetInt32());

        await s.AdvanceToAsync(At(2025, 10, 20, 9));
        var due = await handler.GetJsonAsync($"{Articles}?reviewDue=true");
        Assert.Equal(1, due.GetProperty("totalCount").GetInt32());
        Assert.True(due.GetProperty("items")[0].GetProperty("reviewDue").GetBoolean());
        // Another unit's queue does not show it.
        Assert.Equal(0, (await (await s.AsAsync(HotlineRole.UnitHandler, coUnit: true)).GetJsonAsync($"{Articles}?reviewDue=true&unit={s.CoUnit}")).GetProperty("totalCount").GetInt32());

        var assessment = await (await s.AsAsync(HotlineRole.Supervisor)).GetJsonAsync("/api/assessment?year=2025&month=10");
        var line = assessment.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitId").GetGuid() == s.Unit);
        Assert.Equal(1, line.GetProperty("knowledgeReviewDue").GetInt32());
    }

    private static object DirectAnswer(Guid articleId, string? answer = null) => new
    {
        channel = "Phone",
        caller = new { name = "李四", phone = "13912345678" },
        content = "咨询公积金提取需要带哪些材料",
        articleId,
        answer,
    };

    private static async Task<JsonElement> PublishedAsync(HttpClient owner, HttpClient reviewer, object article)
    {
        var draft = await owner.CreateAsync(article);
        var submitted = await owner.StepAsync(draft, "submit").OkAsync();
        return await reviewer.StepAsync(submitted, "publish").OkAsync();
    }
}
