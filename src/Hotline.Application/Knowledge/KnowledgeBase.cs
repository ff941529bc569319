using Hotline.Application.Search;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Knowledge;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Knowledge;

/// <summary>
/// The knowledge base (知识库) of the user's tenant: list and search, read, history, and the changes of
/// <see cref="Article"/>. Everyone who reads tickets reads the published articles in effect; the centre's reviewer,
/// supervisor and auditor see every article; unit staff also see their own unit's drafts. Another tenant's article is
/// "not found". Each call runs in a scope of its own, so the API and the workbench's circuits share it.
/// </summary>
public sealed class KnowledgeBase(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Today in Beijing: effective and review dates are calendar days there.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), ShanghaiTime.Zone).DateTime);

    public async Task<ArticlePage> ListAsync(CurrentUser user, ArticleQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireReader(user);
        query.Check();
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var today = Today;
        var articles = Visible(db, user, today);
        if (query.State is { } state) articles = articles.Where(a => a.State == state);
        if (query.Unit is { } unit) articles = articles.Where(a => a.OwningUnitId == unit);
        if (query.ReviewDue) articles = articles.Where(a => a.State == ArticleState.Published && a.ReviewBy < today);
        if (!string.IsNullOrWhiteSpace(query.Text))
            articles = articles.Where(TextMatch.For(db, query.Text.Trim()).Articles(user.TenantId));

        var total = await articles.CountAsync(cancellationToken);
        var page = await articles.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        var names = await UnitNamesAsync(db, user, page, cancellationToken);
        return new ArticlePage(page.Select(a => Summary(a, names, today)).ToList(), total, query.Page, query.PageSize);
    }

    /// <summary>Published articles in effect that match the text the call taker is typing (for 直接办结), best few first.</summary>
    public async Task<IReadOnlyList<ArticleSummary>> SuggestAsync(CurrentUser user, string text, int count, CancellationToken cancellationToken)
    {
        RequireReader(user);
        var words = (text ?? "").Trim();
        if (words.Length == 0)
            return [];
        // Typed content is long: its first characters are the request's gist and keep the lookup an index query.
        if (words.Length > ArticleQuery.MaxText) words = words[..ArticleQuery.MaxText];
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var today = Today;
        var answerable = db.Set<Article>().AsNoTracking()
            .Where(a => a.TenantId == user.TenantId && a.State == ArticleState.Published && a.EffectiveFrom <= today);
        var found = await answerable.Where(TextMatch.For(db, words).Articles(user.TenantId))
            .OrderByDescending(a => a.UpdatedAt).Take(count).ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            // The whole content rarely appears in an article: look for the tenant's keywords in it instead.
            var candidates = await answerable.OrderByDescending(a => a.UpdatedAt).Take(500).ToListAsync(cancellationToken);
            found = candidates.Where(a => a.Keywords.Any(k => k.Length > 1 && words.Contains(k, StringComparison.OrdinalIgnoreCase))
                    || words.Contains(a.Title, StringComparison.OrdinalIgnoreCase))
                .Take(count).ToList();
        }

        var names = await UnitNamesAsync(db, user, found, cancellationToken);
        return found.Select(a => Summary(a, names, today)).ToList();
    }

    public async Task<ArticleView> GetAsync(CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        RequireReader(user);
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var article = await FindAsync(db, user, id, cancellationToken);
        var names = await UnitNamesAsync(db, user, [article], cancellationToken);
        return new ArticleView(Summary(article, names, Today), article.Body, Allowed(user, article));
    }

    public async Task<IReadOnlyList<ArticleRevisionView>> HistoryAsync(CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        RequireReader(user);
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var article = await FindAsync(db, user, id, cancellationToken);
        return article.Revisions.OrderBy(r => r.Version).Select(r => new ArticleRevisionView(
            r.Version, r.Change.ToString(), r.State.ToString(), r.ChangedByName, r.Role, r.At, r.Note, r.Fields, r.Title, r.Body,
            Lines(r.Categories), Lines(r.Keywords), r.EffectiveFrom, r.ReviewBy)).ToList();
    }

    public async Task<ArticleView> CreateAsync(CurrentUser user, ArticleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var editor = Editor(user);
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // Unit staff write for their own unit; the centre names the unit whose text it enters, or none for its own.
        var owningUnit = editor.IsCentre ? request.OwningUnitId : editor.UnitId;
        if (owningUnit is { } unit && !await db.Units.AnyAsync(u => u.Id == unit && u.TenantId == user.TenantId, cancellationToken))
            throw new ArticleViolation(ArticleViolation.UnitUnknown, $"There is no unit {unit} in this tenant.");
        var article = Article.Create(user.TenantId, owningUnit, request.Content(), editor, time.GetUtcNow());
        db.Add(article);
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(user, article.Id, cancellationToken);
    }

    public Task<ArticleView> EditAsync(CurrentUser user, Guid id, int version, ArticleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChangeAsync(user, id, version, (a, e, now) => a.Edit(request.Content(), e, now), cancellationToken);
    }

    public Task<ArticleView> SubmitAsync(CurrentUser user, Guid id, int version, CancellationToken cancellationToken) =>
        ChangeAsync(user, id, version, (a, e, now) => a.Submit(e, now), cancellationToken);

    public Task<ArticleView> PublishAsync(CurrentUser user, Guid id, int version, CancellationToken cancellationToken) =>
        ChangeAsync(user, id, version, (a, e, now) => a.Publish(e, Today, now), cancellationToken);

    public Task<ArticleView> SendBackAsync(CurrentUser user, Guid id, int version, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(user, id, version, (a, e, now) => a.SendBack(e, reason ?? "", now), cancellationToken);

    public Task<ArticleView> RetireAsync(CurrentUser user, Guid id, int version, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(user, id, version, (a, e, now) => a.Retire(e, reason ?? "", now), cancellationToken);

    /// <summary>
    /// Per owning unit, how many of its published articles are past their review date on <paramref name="day"/> — the
    /// knowledge-base indicator of the assessment (QU-ASM-1). The centre's own articles are left out.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, int>> ReviewDueByUnitAsync(HotlineDbContext db, string tenantId, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var due = await db.Set<Article>().AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.State == ArticleState.Published && a.ReviewBy < day && a.OwningUnitId != null)
            .Select(a => a.OwningUnitId!.Value)
            .ToListAsync(cancellationToken);
        return due.CountBy(u => u).ToDictionary();
    }

    private async Task<ArticleView> ChangeAsync(CurrentUser user, Guid id, int version, Action<Article, ArticleEditor, DateTimeOffset> change,
        CancellationToken cancellationToken)
    {
        var editor = Editor(user);
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var article = await FindAsync(db, user, id, cancellationToken, tracked: true);
        if (article.Version != version)
        {
            throw new ArticleViolation("knowledge.version-stale",
                $"The article is at version {article.Version}, not {version}: someone changed it first. Reload it.", ArticleRefusalKind.Conflict);
        }

        change(article, editor, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ArticleViolation("knowledge.version-stale", "Someone changed the article meanwhile. Reload it.", ArticleRefusalKind.Conflict);
        }

        return await GetAsync(user, id, cancellationToken);
    }

    private async Task<Article> FindAsync(HotlineDbContext db, CurrentUser user, Guid id, CancellationToken cancellationToken, bool tracked = false)
    {
        var query = Visible(db, user, Today).Include(a => a.Revisions).AsSplitQuery();
        return await (tracked ? query.AsTracking() : query).FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new ArticleViolation(ArticleViolation.NotFound, $"There is no article {id}.", ArticleRefusalKind.NotFound);
    }

    /// <summary>The articles of the user's tenant the user may see (see the class summary).</summary>
    private static IQueryable<Article> Visible(HotlineDbContext db, CurrentUser user, DateOnly today)
    {
        var tenant = user.TenantId;
        var articles = db.Set<Article>().AsNoTracking().Where(a => a.TenantId == tenant);
        if (SeesEveryArticle(user))
            return articles;
        Guid? unit = user.IsInAnyRole([HotlineRole.UnitHandler, HotlineRole.UnitLeader]) && Guid.TryParse(user.UnitCode, out var id) ? id : null;
        return articles.Where(a => (a.State == ArticleState.Published && a.EffectiveFrom <= today) || (unit != null && a.OwningUnitId == unit));
    }

    private static bool SeesEveryArticle(CurrentUser user) =>
        user.IsInAnyRole([HotlineRole.Reviewer, HotlineRole.Supervisor, HotlineRole.Auditor]);

    private static void RequireReader(CurrentUser user)
    {
        if (!user.IsAllowed(HotlineAction.ReadKnowledge))
            throw new ArticleViolation(ArticleViolation.RoleNotAllowed, "This role does not read the knowledge base.", ArticleRefusalKind.Forbidden);
    }

    private static ArticleEditor Editor(CurrentUser user) =>
        (user.IsAllowed(HotlineAction.EditKnowledge) ? ArticleEditor.From(user) : null)
        ?? throw new ArticleViolation(ArticleViolation.RoleNotAllowed,
            "Articles are written by units' handlers and leaders (their own unit's) and the centre's reviewer.", ArticleRefusalKind.Forbidden, "QU-GEN-3");

    /// <summary>What the user may do with the article now, as the workbench offers it.</summary>
    private static List<string> Allowed(CurrentUser user, Article article)
    {
        var allowed = new List<string>();
        if (!user.IsAllowed(HotlineAction.EditKnowledge) || ArticleEditor.From(user) is not { } editor)
            return allowed;
        var keeps = editor.Keeps(article.OwningUnitId);
        if (keeps && article.State is ArticleState.Draft or ArticleState.Published) allowed.Add("edit");
        if (keeps && article.State == ArticleState.Draft) allowed.Add("submit");
        if (editor.IsCentre && article.State == ArticleState.Review) allowed.AddRange(["publish", "send-back"]);
        var leader = editor.Role == HotlineRole.UnitLeader && article.OwningUnitId is not null && editor.UnitId == article.OwningUnitId;
        if ((editor.IsCentre || leader) && article.State != ArticleState.Retired) allowed.Add("retire");
        return allowed;
    }

    private static ArticleSummary Summary(Article a, IReadOnlyDictionary<Guid, string> units, DateOnly today) => new(
        a.Id,
        a.Title,
        a.Body.Length > 80 ? a.Body[..80] + "…" : a.Body,
        a.Categories,
        a.Keywords,
        a.State.ToString(),
        a.OwningUnitId,
        a.OwningUnitId is { } u ? units.GetValueOrDefault(u) : null,
        a.EffectiveFrom,
        a.ReviewBy,
        a.Version,
        a.UpdatedAt,
        a.IsReviewDue(today),
        a.IsAnswerable(today));

    private static async Task<IReadOnlyDictionary<Guid, string>> UnitNamesAsync(HotlineDbContext db, CurrentUser user, IEnumerable<Article> articles, CancellationToken cancellationToken)
    {
        var ids = articles.Where(a => a.OwningUnitId is not null).Select(a => a.OwningUnitId!.Value).Distinct().ToList();
        return ids.Count == 0 ? new Dictionary<Guid, string>()
            : await db.Units.AsNoTracking().Where(u => u.TenantId == user.TenantId && ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
    }

    private static string[] Lines(string lines) => lines.Length == 0 ? [] : lines.Split('\n');
}
