using Hotline.Application.TicketSheets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hotline.Application.Attachments;

/// <summary>
/// The ticket page's upload control (附件上传) through <see cref="TicketAttachments"/>, as the API's multipart upload runs
/// it: same limits, sniffing, scanner and visibility, in a scope of its own with the circuit's user. A refusal comes back
/// as a value the form shows, and nothing is stored.
/// </summary>
public sealed class TicketFiles(IServiceScopeFactory scopes, IOptions<AttachmentOptions> options)
{
    /// <summary>The limits the form states beside its button.</summary>
    public AttachmentOptions Limits => options.Value;

    public async Task<(AttachmentRef? File, ActionRefusal? Refusal)> UploadAsync(CurrentUser user, string number, string fileName, Stream content, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var files = ActivatorUtilities.CreateInstance<TicketAttachments>(scope.ServiceProvider, user);
        try
        {
            var stored = await files.UploadAsync(number, _ => Task.FromResult(new SentFile(fileName, content)), cancellationToken);
            return (stored.Ref(), null);
        }
        catch (TicketRuleViolation violation)
        {
            return (null, new ActionRefusal(violation.Code, violation.Message, violation.RuleIds));
        }
        catch (AccessDeniedException denied)
        {
            return (null, new ActionRefusal(ErrorCodes.RoleNotAllowed, denied.Message, []));
        }
    }
}
