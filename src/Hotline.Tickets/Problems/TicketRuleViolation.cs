using System.Diagnostics.CodeAnalysis;

namespace Hotline.Tickets.Problems;

/// <summary>
/// A refused ticket action (违规操作): a stable error <see cref="Code"/> such as <c>return.window-closed</c>, the
/// rule IDs of the tenant's regulation it enforces (e.g. <c>HSB-RT-3</c>), and a message for people. Thrown
/// before anything changes; the HTTP edge maps it to RFC 7807 problem details with <c>code</c> and <c>ruleId</c>.
/// </summary>
[SuppressMessage("Naming", "CA1710", Justification = "A domain refusal, named as the domain names it.")]
public sealed class TicketRuleViolation : Exception
{
    public TicketRuleViolation(string code, string message, IReadOnlyList<string>? ruleIds = null)
        : base(message)
    {
        Code = code;
        RuleIds = ruleIds ?? [];
    }

    public string Code { get; }
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>Whether the refusal is a conflict with the ticket's current state (HTTP 409) rather than bad input (422).</summary>
    public bool IsConflict => Code is ErrorCodes.InvalidState or ErrorCodes.StepNotExpected or ErrorCodes.ConcurrencyConflict;
}

/// <summary>The stable error codes a ticket action can be refused with.</summary>
public static class ErrorCodes
{
    public const string InvalidState = "ticket.invalid-state";
    public const string RoleNotAllowed = "ticket.role-not-allowed";
    public const string UnitNotAssigned = "ticket.unit-not-assigned";
    public const string ConcurrencyConflict = "ticket.concurrency-conflict";
    public const string IdempotencyKeyReused = "ticket.idempotency-key-reused";
    public const string InputMissing = "ticket.input-missing";
    public const string InputTooLong = "ticket.input-too-long";
    public const string NotFound = "ticket.not-found";

    /// <summary>The ticket's workflow does not wait for this action at its current step (the process forbids it now).</summary>
    public const string StepNotExpected = "workflow.step-not-expected";

    public const string CallerPhoneInvalid = "intake.caller-phone-invalid";
    public const string CategoryOutOfScope = "intake.category-out-of-scope";
    public const string ExclusionGroundUnknown = "intake.exclusion-ground-unknown";
    public const string EmergencyLineUnknown = "emergency.line-unknown";
    public const string TerminatedMatter = "intake.terminated-matter";
    public const string DispatchTerminatedMatter = "dispatch.terminated-matter";
    public const string DeadlineRequired = "dispatch.deadline-required";
    public const string DispatchUnitInvalid = "dispatch.unit-invalid";
    public const string LocalGovernmentFirst = "dispatch.local-government-first";
    public const string CountersignNotAvailable = "dispatch.countersign-not-available";

    /// <summary>A unit id that is not a unit of the caller's tenant (missing, or another tenant's).</summary>
    public const string UnitUnknown = "unit.unknown";

    /// <summary>A unit of the tenant that was deactivated: nothing new is assigned to it.</summary>
    public const string UnitInactive = "unit.inactive";

    public const string ReturnReasonNotProvided = "return.reason-not-provided";
    public const string ReturnWindowClosed = "return.window-closed";
    public const string ReturnReasonMissing = "return.reason-missing";
    public const string ReturnBasisMissing = "return.basis-missing";
    public const string ReturnSuggestedUnitMissing = "return.suggested-unit-missing";
    public const string ReturnSignatoryMissing = "return.signatory-missing";
    public const string ReturnExtensionRequested = "return.extension-requested";
    public const string ReturnSecondReturn = "return.second-return";
    public const string ReturnJointUnit = "return.joint-unit";
    public const string ReturnPending = "return.pending";
    public const string ReturnReviewerRole = "return.escalated-review";

    public const string ExtensionNotExtendable = "extension.category-not-extendable";
    public const string ExtensionTooEarly = "extension.too-early";
    public const string ExtensionTooLate = "extension.too-late";
    public const string ExtensionTooMany = "extension.too-many";
    public const string ExtensionTooLong = "extension.too-long";
    public const string ExtensionTotalExceeded = "extension.total-exceeded";
    public const string ExtensionCallerNoticeMissing = "extension.caller-notice-missing";
    public const string ExtensionSignatoryMissing = "extension.signatory-missing";
    public const string ExtensionPending = "extension.pending";
    public const string ExtensionNoHandlingDeadline = "extension.no-deadline";
    public const string ExtensionNotForwarded = "extension.not-forwarded";
    public const string ExtensionNotForwardable = "extension.not-forwardable";
    public const string ExtensionOverrideNotProvided = "extension.override-not-provided";

    public const string ReplyContentMissing = "reply.content-missing";
    public const string ReplyResolutionTypeMissing = "reply.resolution-type-missing";
    public const string ReplyUnreachableNotProven = "reply.unreachable-not-proven";
    public const string ReplyCoUnitOpinionsMissing = "reply.co-unit-opinions-missing";

    public const string RevisitReviewNotExtendable = "revisit.review-not-extendable";
    public const string PanelNotProvided = "screening.panel-not-provided";
    public const string ScreeningNotProvided = "screening.not-provided";
    public const string ScreeningWindowClosed = "screening.window-closed";
    public const string ScreeningEvidenceWindowClosed = "screening.evidence-window-closed";
    public const string ScreeningGroundUnknown = "screening.ground-unknown";
    public const string ScreeningSignatoryMissing = "screening.signatory-missing";

    public const string TerminationNotProvided = "termination.not-provided";
    public const string TerminationSignatoryMissing = "termination.signatory-missing";

    /// <summary>The written opinion (facts and legal basis) a termination rests on is missing (QU-TRM-1, HL-TRM-1).</summary>
    public const string TerminationOpinionMissing = "termination.opinion-missing";

    /// <summary>A reply after two extensions lacks the interim status, reason, plan or caller answer (HSB-EXT-3).</summary>
    public const string ReplyInterimMissing = "reply.interim-missing";

    public const string InterviewLevelMismatch = "interview.level-mismatch";
}
