using System.Diagnostics.CodeAnalysis;

namespace Hotline.Tickets.Knowledge;

/// <summary>How the HTTP edge answers an <see cref="ArticleViolation"/>.</summary>
public enum ArticleRefusalKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>
/// A refused knowledge-base change: a stable <see cref="Code"/> (<c>knowledge.*</c>), the rule IDs it enforces, and
/// how the edge answers it. Thrown before anything changes.
/// </summary>
[SuppressMessage("Naming", "CA1710", Justification = "A domain refusal, named as the domain names it.")]
public sealed class ArticleViolation(string code, string message, ArticleRefusalKind kind = ArticleRefusalKind.Invalid, params string[] ruleIds)
    : Exception(message)
{
    public const string NotFound = "knowledge.article-not-found";
    public const string InvalidState = "knowledge.invalid-state";
    public const string NotOwner = "knowledge.not-owner";
    public const string RoleNotAllowed = "knowledge.role-not-allowed";
    public const string InputMissing = "knowledge.input-missing";
    public const string InputTooLong = "knowledge.input-too-long";
    public const string DatesInvalid = "knowledge.dates-invalid";
    public const string ReviewDatePassed = "knowledge.review-date-passed";
    public const string UnitUnknown = "knowledge.unit-unknown";
    public const string NotAnswerable = "knowledge.article-not-answerable";
    public const string QueryInvalid = "knowledge.query-invalid";

    public string Code { get; } = code;
    public ArticleRefusalKind Kind { get; } = kind;
    public IReadOnlyList<string> RuleIds { get; } = ruleIds;
}
