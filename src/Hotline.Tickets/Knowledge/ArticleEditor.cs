using Hotline.Tickets.Access;

namespace Hotline.Tickets.Knowledge;

/// <summary>
/// Who changes an article, and as what (QU-GEN-3 谁提供、谁负责、谁更新): a unit's handler or leader keeps the entries of
/// their own unit; the centre's reviewer keeps the centre's own entries (no owning unit), may enter or correct any entry
/// (a unit's text it was given), and reviews, publishes and retires every entry; a unit leader may also retire their
/// unit's entries. The regulations name no roles: this is the project's default (docs/knowledge.md).
/// </summary>
public sealed record ArticleEditor(string UserId, string UserName, HotlineRole Role, Guid? UnitId)
{
    /// <summary>The role the user writes articles in: reviewer first (the centre), then unit leader, then unit handler.</summary>
    public static ArticleEditor? From(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        HotlineRole[] order = [HotlineRole.Reviewer, HotlineRole.UnitLeader, HotlineRole.UnitHandler];
        foreach (var role in order.Where(user.IsInRole))
        {
            var unit = Guid.TryParse(user.UnitCode, out var id) ? id : (Guid?)null;
            if (role != HotlineRole.Reviewer && unit is null)
                continue; // unit staff without a unit keep nothing
            return new ArticleEditor(user.UserId, user.UserName, role, role == HotlineRole.Reviewer ? null : unit);
        }

        return null;
    }

    public bool IsCentre => Role == HotlineRole.Reviewer;

    /// <summary>Whether this editor writes and submits the entries of <paramref name="owningUnit"/> (null: the centre's).</summary>
    public bool Keeps(Guid? owningUnit) => IsCentre || (owningUnit is not null && owningUnit == UnitId);
}
