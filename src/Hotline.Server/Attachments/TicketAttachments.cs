using System.Security.Cryptography;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Attachments;

/// <summary>
/// Uploads and downloads of a ticket's files. Who may see the ticket is the ticket API's own rule (the read
/// returns nothing otherwise); what is accepted is <see cref="AttachmentOptions"/>, the sniffed <see cref="FileKind"/>
/// and the <see cref="IAttachmentScanner"/>. A refusal stores nothing: neither the file nor its row.
/// </summary>
public sealed class TicketAttachments(
    HotlineDbContext db,
    TicketActionRunner tickets,
    CurrentUser user,
    AttachmentFolder folder,
    IAttachmentScanner scanner,
    IOptions<AttachmentOptions> options,
    TimeProvider time)
{
    public async Task<Attachment> UploadAsync(string number, HttpRequest request, CancellationToken cancellationToken)
    {
        var ticket = await VisibleTicketAsync(number, cancellationToken);
        var limits = options.Value;
        // The body may hold the file and the multipart framing, not more; larger bodies stop while being read.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            body.MaxRequestBodySize = limits.MaxBytes + 64 * 1024;
        if (!request.HasFormContentType)
            throw new InvalidRequestException("attachment.file-missing", "file", "Send the file as multipart/form-data, in one part named 'file'.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limits.MaxBytes + 64 * 1024 }, cancellationToken);
        }
        catch (InvalidDataException) when (request.ContentLength is not { } sent || sent > limits.MaxBytes)
        {
            // The form reader stopped at its length limit (a body without a length may have been cut off there too).
            throw TooLarge(limits, request.ContentLength);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits, request.ContentLength);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidRequestException("attachment.unreadable", "file", $"The multipart body could not be read: {e.Message}");
        }

        if (form.Files is not [var file])
            throw new InvalidRequestException("attachment.file-missing", "file", "Send exactly one file per upload.");
        if (file.Length > limits.MaxBytes)
            throw TooLarge(limits, file.Length);

        await using var incoming = folder.Incoming();
        await using (var sent = file.OpenReadStream())
            await sent.CopyToAsync(incoming, cancellationToken);
        var kind = FileKind.Sniff(incoming);
        if (kind is null || !limits.Allows(kind))
            throw new TicketRuleViolation("attachment.type-not-allowed",
                $"The file's content is {(kind is null ? "not a kind this hotline accepts" : kind.ContentType)}; accepted are {string.Join(", ", FileKind.All.Where(limits.Allows).Select(k => k.ContentType))}. The name and Content-Type sent do not count.");
        var name = AttachmentName.Sanitise(file.FileName, kind);
        if (await scanner.FindThreatAsync(incoming, name, cancellationToken) is { } threat)
            throw new TicketRuleViolation("attachment.infected", $"The virus scanner refused the file: {threat}.");

        incoming.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(incoming, cancellationToken));
        var attachment = new Attachment(user.TenantId, ticket, name, kind.ContentType, incoming.Length, hash, user, time.GetUtcNow());
        await folder.KeepAsync(incoming, attachment.TenantId, attachment.StorageKey, cancellationToken);
        try
        {
            db.Add(attachment);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            folder.Delete(attachment.TenantId, attachment.StorageKey);
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
        var content = folder.Open(attachment.TenantId, attachment.StorageKey);
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

    private static TicketRuleViolation TooLarge(AttachmentOptions limits, long? length) =>
        new("attachment.too-large", $"A file may have at most {limits.MaxBytes} bytes{(length is { } sent ? $"; {sent} were sent" : "")}.");

    private async Task<string> VisibleTicketAsync(string number, CancellationToken cancellationToken) =>
        (await tickets.ReadAsync(number, cancellationToken))?.Number
        ?? throw new TicketRuleViolation(ErrorCodes.NotFound, $"There is no ticket {number}.");
}
