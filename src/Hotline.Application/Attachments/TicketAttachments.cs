using System.Security.Cryptography;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Application.Attachments;

/// <summary>A file as the client sent it: the name it gave (not trusted) and its content.</summary>
public sealed record SentFile(string? FileName, Stream Content);

/// <summary>
/// Uploads and downloads of a ticket's files, for the API's multipart endpoint and the workbench's upload control alike.
/// Who may see the ticket is the ticket view's own rule (<see cref="TicketVisibility"/>); what is accepted is
/// <see cref="AttachmentOptions"/>, the sniffed <see cref="FileKind"/> and the <see cref="IAttachmentScanner"/>. A refusal
/// stores nothing: neither the file nor its row.
/// </summary>
public sealed class TicketAttachments(
    HotlineDbContext db,
    CurrentUser user,
    AttachmentFolder folder,
    IAttachmentStore store,
    IAttachmentScanner scanner,
    IOptions<AttachmentOptions> options,
    TimeProvider time)
{
    public const string TooLargeCode = "attachment.too-large";
    public const string TypeNotAllowed = "attachment.type-not-allowed";

    /// <summary>The actions that carry files: evidence, replies (with the unreachable-caller proof), returns, extensions, opinions.</summary>
    public static readonly HotlineAction[] Uploaders =
        [HotlineAction.Reply, HotlineAction.ApplyForScreening, HotlineAction.RequestReturn, HotlineAction.RequestExtension, HotlineAction.GiveCoUnitOpinion];

    /// <summary>What is accepted: size, types.</summary>
    public AttachmentOptions Limits => options.Value;

    /// <summary>
    /// Stores the file <paramref name="receive"/> reads, for ticket <paramref name="number"/>. The ticket is looked up
    /// first, so a stranger's or another tenant's request never gets as far as the body.
    /// </summary>
    public async Task<Attachment> UploadAsync(string number, Func<CancellationToken, Task<SentFile>> receive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receive);
        if (!Uploaders.Any(user.IsAllowed))
            throw new AccessDeniedException("Your roles cite no files in any action, so they may not upload any.");
        var ticket = await VisibleTicketAsync(number, cancellationToken);
        var limits = options.Value;
        var sent = await receive(cancellationToken);
        await using var incoming = folder.Incoming();
        await using (sent.Content)
            await CopyWithinLimitAsync(sent.Content, incoming, limits, cancellationToken);
        var kind = FileKind.Sniff(incoming);
        if (kind is null || !limits.Allows(kind))
            throw new TicketRuleViolation(TypeNotAllowed,
                $"The file's content is {(kind is null ? "not a kind this hotline accepts" : kind.ContentType)}; accepted are {string.Join(", ", limits.Accepted.Select(k => k.ContentType))}. The name and Content-Type sent do not count.");
        var name = AttachmentName.Sanitise(sent.FileName, kind);
        if (await scanner.FindThreatAsync(incoming, name, cancellationToken) is { } threat)
            throw new TicketRuleViolation("attachment.infected", $"The virus scanner refused the file: {threat}.");

        incoming.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(incoming, cancellationToken));
        var attachment = new Attachment(user.TenantId, ticket, name, kind.ContentType, incoming.Length, hash, user, time.GetUtcNow());
        await store.KeepAsync(incoming, attachment.TenantId, attachment.StorageKey, cancellationToken);
        try
        {
            db.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            db.Entry(attachment).State = EntityState.Detached;
            await store.DeleteAsync(attachment.TenantId, attachment.StorageKey, CancellationToken.None);
            throw;
        }

        return attachment;
    }

    /// <summary>The file and an open stream of it; the download is recorded before it is returned.</summary>
    public async Task<(Attachment Attachment, Stream Content)> DownloadAsync(string number, string storageKey, CancellationToken cancellationToken)
    {
        var ticket = await VisibleTicketAsync(number, cancellationToken);
        var attachment = await db.Set<Attachment>().OwnedBy(user)
            .SingleOrDefaultAsync(a => a.TicketNumber == ticket && a.StorageKey == storageKey, cancellationToken)
            ?? throw new TicketRuleViolation(ErrorCodes.NotFound, $"Ticket {number} has no attachment {storageKey}.");
        // Opened first, so a lost file is an error and not a recorded download; closed again if recording fails.
        var content = await store.OpenAsync(attachment.TenantId, attachment.StorageKey, cancellationToken);
        try
        {
            db.Add(new AttachmentDownload(attachment, user, time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
            return (attachment, content);
        }
        catch
        {
            await content.DisposeAsync();
            throw;
        }
    }

    public static TicketRuleViolation TooLarge(AttachmentOptions limits, long? length)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new(TooLargeCode, $"A file may have at most {limits.MaxBytes} bytes{(length is { } sent ? $"; {sent} were sent" : "")}.");
    }

    /// <summary>Copies at most the limit; one byte more and the upload stops there, whatever length the client claimed.</summary>
    private static async Task CopyWithinLimitAsync(Stream from, Stream to, AttachmentOptions limits, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limits.MaxBytes)
                throw TooLarge(limits, from.CanSeek ? from.Length : null);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>The ticket's number when the user sees it, by the view's rule (<see cref="TicketVisibility"/>), asked of its row alone.</summary>
    private async Task<string> VisibleTicketAsync(string number, CancellationToken cancellationToken) =>
        await TicketVisibility.NumberAsync(db, user, number, cancellationToken)
        ?? throw new TicketRuleViolation(ErrorCodes.NotFound, $"There is no ticket {number}.");
}
