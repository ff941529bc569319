using Hotline.Tickets.Access;
using Hotline.Tickets.Knowledge;

namespace Hotline.Bench.Search;

/// <summary>
/// Published knowledge-base articles for the benchmark's largest tenant, written through the domain (create, submit,
/// publish) so the rows, revisions and full-text index are what the product writes. A county's base holds a few
/// thousand entries; the count is a parameter.
/// </summary>
internal static class ArticleCorpus
{
    private static readonly string[] Topics =
    [
        "住房公积金提取", "新生儿医保参保", "城乡居民养老保险缴费", "不动产登记", "营业执照办理", "居住证申领", "灵活就业社保补贴",
        "残疾人两项补贴", "高龄津贴申领", "义务教育入学报名", "机动车违章处理", "生育津贴领取", "失业保险金申领", "低保申请",
    ];

    private static readonly string[] Asks = ["需要哪些材料", "在哪里办理", "办理时限是多久", "可以网上办理吗", "收费标准是什么"];

    public static async Task GenerateAsync(TicketCorpus corpus, string tenant, int count)
    {
        var reviewer = new ArticleEditor("bench-reviewer", "审核员", HotlineRole.Reviewer, null);
        var now = TicketCorpus.Now.AddDays(-30);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var units = corpus.Units[tenant];
        for (var done = 0; done < count;)
        {
            await using var db = corpus.OpenContext(tenant);
            for (var i = 0; i < 500 && done < count; i++, done++)
            {
                var topic = Topics[done % Topics.Length];
                var ask = Asks[done / Topics.Length % Asks.Length];
                var content = new ArticleContent($"{topic}{ask}（第{done}号）",
                    $"关于{topic}{ask}：申请人携带身份证原件到县政务服务中心{done % 40 + 1}号窗口办理，工作日受理，材料齐全的当场办结。编号{done}。",
                    [topic[..2]], [topic, ask], today.AddDays(-10), today.AddYears(1));
                var article = Article.Create(tenant, units[done % units.Length], content, reviewer, now);
                article.Submit(reviewer, now);
                article.Publish(reviewer, today, now);
                db.Add(article);
            }

            await db.SaveChangesAsync();
        }
    }
}
