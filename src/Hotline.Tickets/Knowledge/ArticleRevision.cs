namespace Hotline.Tickets.Knowledge;

/// <summary>
/// One change of an <see cref="Article"/>: its number, what was done, who did it in which role, when, which fields
/// changed, the note (reason of a send-back or retirement), and the whole text as it stood afterwards.
/// </summary>
public sealed class ArticleRevision
{
    private ArticleRevision()
    {
        ChangedBy = ChangedByName = Role = Fields = Title = Body = Categories = Keywords = "";
    }

    internal ArticleRevision(Article article, ArticleChange change, ArticleEditor editor, DateTimeOffset at, string? note, string fields)
    {
        ArticleId = article.Id;
        Version = article.Version;
        Change = change;
        State = article.State;
        ChangedBy = editor.UserId;
        ChangedByName = editor.UserName;
        Role = editor.Role.ToString();
        UnitId = editor.UnitId;
        At = at;
        Note = note;
        Fields = fields;
        Title = article.Title;
        Body = article.Body;
        Categories = string.Join('\n', article.Categories);
        Keywords = string.Join('\n', article.Keywords);
        EffectiveFrom = article.EffectiveFrom;
        ReviewBy = article.ReviewBy;
    }

    public Guid ArticleId { get; private set; }
    public int Version { get; private set; }
    public ArticleChange Change { get; private set; }
    public ArticleState State { get; private set; }
    public string ChangedBy { get; private set; }
    public string ChangedByName { get; private set; }
    public string Role { get; private set; }
    public Guid? UnitId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? Note { get; private set; }

    /// <summary>The fields this change touched, e.g. "title, body" or "state".</summary>
    public string Fields { get; private set; }

    public string Title { get; private set; }
    public string Body { get; private set; }
    public string Categories { get; private set; }
    public string Keywords { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }
    public DateOnly ReviewBy { get; private set; }
}
