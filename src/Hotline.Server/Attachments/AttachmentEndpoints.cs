using Hotline.Application.Attachments;
using Hotline.Application.Tickets;
using Hotline.Server.Access;
using Hotline.Server.Hosting;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using A = Hotline.Tickets.Access.HotlineAction;

namespace Hotline.Server.Attachments;

/// <summary>
/// <c>POST /api/tickets/{number}/attachments</c> (multipart, one part named <c>file</c>) and
/// <c>GET /api/tickets/{number}/attachments/{storageKey}</c>, over the application layer's <see cref="TicketAttachments"/>.
/// The form is read only when the use case asks for it, after the ticket was found, so a stranger's or another tenant's
/// request never gets as far as the body. No antiforgery token: the session cookie is SameSite=Strict and API clients
/// use bearer tokens.
/// </summary>
public static class AttachmentEndpoints
{
    public static IServiceCollection AddTicketAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        // The folder is relative to the data directory, as the database file and the mail pickup folder are.
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection("Hotline:Attachments"))
            .PostConfigure<IHostEnvironment>((options, environment) =>
                options.Folder = Path.GetFullPath(options.Folder, DataDirectory.Resolve(configuration, environment)))
            .Validate(options => options.Store != AttachmentStoreKind.LargeObjects
                    || configuration.GetValue("Hotline:Database:Provider", WorkflowDatabaseProvider.Sqlite) == WorkflowDatabaseProvider.PostgreSql,
                "Hotline:Attachments:Store LargeObjects keeps the files in PostgreSQL; it needs Hotline:Database:Provider PostgreSql.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapTicketAttachments(this IEndpointRouteBuilder endpoints)
    {
        var attachments = endpoints.MapGroup("/api/tickets/{number}/attachments").WithTags("Tickets");
        attachments.MapPost("/", async Task<Created<AttachmentRef>> (string number, HttpRequest request, TicketAttachments files, CancellationToken ct) =>
            {
                var stored = await files.UploadAsync(number, token => ReadFileAsync(request, files.Limits, token), ct);
                return TypedResults.Created($"/api/tickets/{number}/attachments/{stored.StorageKey}", stored.Ref());
            })
            .RequireAnyAction(TicketAttachments.Uploaders)
            .WithSummary("Upload a file for a ticket (附件上传): multipart/form-data, one part named file; cite the returned reference in an action");
        attachments.MapGet("/{storageKey}", async (string number, string storageKey, HttpResponse response, TicketAttachments files, CancellationToken ct) =>
            {
                var (attachment, content) = await files.DownloadAsync(number, storageKey, ct);
                response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(content, attachment.ContentType, attachment.FileName);
            })
            .RequireAction(A.ReadTickets)
            .WithSummary("Download a ticket's file, for those who may read the ticket; every download is recorded");
        return endpoints;
    }

    /// <summary>The one file of a multipart body; a body past the limit stops while it is read.</summary>
    private static async Task<SentFile> ReadFileAsync(HttpRequest request, AttachmentOptions limits, CancellationToken cancellationToken)
    {
        // The body may hold the file and the multipart framing, not more.
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
            throw TicketAttachments.TooLarge(limits, request.ContentLength);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TicketAttachments.TooLarge(limits, request.ContentLength);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidRequestException("attachment.unreadable", "file", $"The multipart body could not be read: {e.Message}");
        }

        if (form.Files is not [var file])
            throw new InvalidRequestException("attachment.file-missing", "file", "Send exactly one file per upload.");
        if (file.Length > limits.MaxBytes)
            throw TicketAttachments.TooLarge(limits, file.Length);
        return new SentFile(file.FileName, file.OpenReadStream());
    }
}
