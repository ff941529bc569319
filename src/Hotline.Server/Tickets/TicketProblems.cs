using Hotline.Application.Tickets;
using Hotline.Application.Tickets.Admission;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.Tickets;

/// <summary>
/// Turns domain refusals into RFC 7807 problem details: a stable <c>code</c>, the <c>ruleId</c>(s) of the
/// regulation, and a message for people. A refusal has changed nothing, so the client may correct and retry.
/// </summary>
internal sealed class TicketProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            TicketRuleViolation violation => Refusal(violation),
            ActionsBusyException busy => Busy(httpContext, busy),
            PersonalDataAccessDeniedException privacy => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed to see the caller's personal data",
                Detail = privacy.Message,
                Extensions = { ["code"] = "privacy.denied", ["ruleId"] = PersonalDataPolicy.RuleIds },
            },
            AccessDeniedException denied => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed",
                Detail = denied.Message,
                Extensions = { ["code"] = "access.denied" },
            },
            InvalidRequestException invalid => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid",
                Detail = invalid.Message,
                Extensions = { ["code"] = invalid.Code, ["field"] = invalid.Field },
            },
            // A body that does not bind (an unknown enum name, a malformed date) is bad input, not a server fault.
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request could not be read",
                Detail = bad.InnerException?.Message ?? bad.Message,
                Extensions = { ["code"] = "request.unreadable" },
            },
            ArgumentException argument when argument.ParamName == "purpose" => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "A purpose is required",
                Detail = argument.Message,
                Extensions = { ["code"] = "privacy.purpose-missing" },
            },
            CalendarYearMissingException missing => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "No calendar for that year",
                Detail = missing.Message,
                Extensions = { ["code"] = "calendar.year-missing", ["ruleId"] = "CC-11" },
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>503 with <c>Retry-After</c>: the node's actions at once are all taken and this one could not wait.</summary>
    private static ProblemDetails Busy(HttpContext httpContext, ActionsBusyException busy)
    {
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(ActionsBusyException.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Too many ticket actions at once",
            Detail = busy.Message,
            Extensions = { ["code"] = ActionsBusyException.Code },
        };
    }

    public static ProblemDetails Refusal(TicketRuleViolation violation)
    {
        var status = violation.Code switch
        {
            ErrorCodes.NotFound => StatusCodes.Status404NotFound,
            ErrorCodes.RoleNotAllowed or ErrorCodes.UnitNotAssigned => StatusCodes.Status403Forbidden,
            _ when violation.IsConflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        var problem = new ProblemDetails
        {
            Status = status,
            Title = "The action was refused",
            Detail = violation.Message,
            Type = $"https://hotline.example/problems/{violation.Code}",
        };
        problem.Extensions["code"] = violation.Code;
        if (violation.RuleIds.Count > 0)
        {
            problem.Extensions["ruleId"] = string.Join(", ", violation.RuleIds);
        }

        return problem;
    }
}
