using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Intake;

/// <summary>What intake has typed so far: any of the caller phone, the location and the content.</summary>
public sealed record IntakeDraft(string? Phone, string? Location, string? Content);

/// <summary>Why a ticket looks like a duplicate of the one being taken.</summary>
public enum DuplicateReason
{
    /// <summary>同一来电人: the same caller phone.</summary>
    SameCaller,

    /// <summary>同一地点、内容相似: the same location and similar content.</summary>
    SameLocation,
}

/// <summary>A likely duplicate: the ticket, why, and how alike the contents are (0–1, character pairs shared).</summary>
public sealed record LikelyDuplicate(
    string Number,
    TicketState State,
    TicketCategory Category,
    string? Location,
    string ContentPreview,
    DateTimeOffset RegisteredAt,
    DuplicateReason Reason,
    double Similarity);

/// <summary>
/// 疑似重复: before a ticket is saved, the tenant's tickets of the last <c>merge.duplicateWindowDays</c> days (a project
/// default, 7; regulation-silent, rules.md §9) from the same caller, or at the same location with similar content. Only
/// those candidates are compared (no full-text index needed): content similarity is the Dice coefficient of character
/// pairs, which suits Chinese text without word breaking. Merged tickets are left out (their main ticket stands for
/// them). A ticket found by its caller's phone is a read of personal data, recorded as the caller history records it.
/// </summary>
public sealed class LikelyDuplicates(IServiceScopeFactory scopes, CallerHistory history, TimeProvider time)
{
    /// <summary>Content at least this alike, at the same location, is a likely duplicate.</summary>
    public const double SimilarityThreshold = 0.3;

    public const int MaxResults = 20;

    /// <summary>Candidates looked at per location: the newest; a busy square gets many unrelated calls.</summary>
    private const int MaxLocationCandidates = 200;

    /// <exception cref="AccessDeniedException">The user's roles do not take calls or merge.</exception>
    public async Task<IReadOnlyList<LikelyDuplicate>> FindAsync(CurrentUser user, IntakeDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(draft);
        CallerHistory.Require(user);
        var phone = string.IsNullOrWhiteSpace(draft.Phone) ? null : CallerPhone.Parse(draft.Phone);
        var location = string.IsNullOrWhiteSpace(draft.Location) ? null : draft.Location.Trim();
        return await SearchAsync(user, phone?.Digits, location, draft.Content?.Trim() ?? "", null, cancellationToken);
    }

    /// <summary>
    /// The merge form's suggestions: the likely duplicates of a registered ticket (its stored caller phone, location and
    /// content), itself left out. None when the ticket is not the tenant's.
    /// </summary>
    /// <exception cref="AccessDeniedException">The user's roles do not take calls or merge.</exception>
    public async Task<IReadOnlyList<LikelyDuplicate>> OfTicketAsync(CurrentUser user, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(number);
        CallerHistory.Require(user);
        IntakeDraft? stored;
        await using (var scope = scopes.OpenFor(user))
        {
            stored = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Tickets.AsNoTracking()
                .Where(t => t.TenantId == user.TenantId && t.Number == number)
                .Select(t => new IntakeDraft(t.Caller.PhoneDigits, t.Location, t.Content)).FirstOrDefaultAsync(cancellationToken);
        }

        return stored is null ? [] : await SearchAsync(user, stored.Phone, stored.Location, stored.Content ?? "", number, cancellationToken);
    }

    private async Task<IReadOnlyList<LikelyDuplicate>> SearchAsync(CurrentUser user, string? digits, string? location, string content, string? except, CancellationToken cancellationToken)
    {
        if (digits is null && (location is null || content.Length == 0))
            return [];

        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // One setting of the tenant's policy: the tenant row only, not its calendar (TicketStore.RulesAsync reads both).
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == user.TenantId, cancellationToken);
        var policy = tenant.EffectivePolicy().Policy;
        var since = time.GetUtcNow().AddDays(-policy.Merge.DuplicateWindowDays);
        var recent = db.Tickets.AsNoTracking()
            .Where(t => t.TenantId == user.TenantId && t.RegisteredAt >= since && t.State != TicketState.Merged && t.Number != except);

        var byCaller = digits is null ? [] : await Rows(recent.Where(t => t.Caller.PhoneDigits == digits))
            .Take(MaxResults).ToListAsync(cancellationToken);
        var byLocation = location is null || content.Length == 0 ? [] : await Rows(recent.Where(t => t.Location == location))
            .Take(MaxLocationCandidates).ToListAsync(cancellationToken);

        var found = byCaller.Select(r => Found(r, DuplicateReason.SameCaller, ContentSimilarity.Of(content, r.Content)))
            .Concat(byLocation.Where(r => byCaller.All(c => c.Number != r.Number))
                .Select(r => Found(r, DuplicateReason.SameLocation, ContentSimilarity.Of(content, r.Content)))
                .Where(d => d.Similarity >= SimilarityThreshold))
            .OrderBy(d => d.Reason).ThenByDescending(d => d.Similarity).ThenByDescending(d => d.RegisteredAt)
            .Take(MaxResults)
            .ToList();

        if (byCaller.Count > 0)
            await history.RecordAsync(db, user, byCaller.Select(r => (r.Number, r.LeadUnit)), "疑似重复工单检查：同一来电号码", cancellationToken);
        return found;
    }

    private static IQueryable<Row> Rows(IQueryable<Ticket> tickets) => tickets
        .OrderByDescending(t => t.RegisteredAt)
        .Select(t => new Row(t.Number, t.State, t.Category, t.Location, t.Content, t.RegisteredAt,
            t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => (Guid?)a.UnitId).FirstOrDefault()));

    private static LikelyDuplicate Found(Row r, DuplicateReason reason, double similarity) => new(
        r.Number, r.State, r.Category, r.Location, r.Content.Length > 80 ? r.Content[..80] + "…" : r.Content, r.RegisteredAt, reason,
        Math.Round(similarity, 2));

    private sealed record Row(string Number, TicketState State, TicketCategory Category, string? Location, string Content, DateTimeOffset RegisteredAt, Guid? LeadUnit);
}

/// <summary>How alike two texts are: the Dice coefficient of their character pairs, ignoring spaces and punctuation.</summary>
public static class ContentSimilarity
{
    public static double Of(string a, string b)
    {
        var left = Pairs(a);
        var right = Pairs(b);
        if (left.Count == 0 || right.Count == 0)
            return 0;
        var shared = 0;
        var pool = right.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        foreach (var pair in left)
        {
            if (pool.TryGetValue(pair, out var n) && n > 0)
            {
                pool[pair] = n - 1;
                shared++;
            }
        }

        return 2.0 * shared / (left.Count + right.Count);
    }

    private static List<string> Pairs(string text)
    {
        var chars = text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
        var pairs = new List<string>(Math.Max(0, chars.Length - 1));
        for (var i = 0; i + 1 < chars.Length; i++)
            pairs.Add(string.Concat(chars[i], chars[i + 1]));
        return pairs;
    }
}
