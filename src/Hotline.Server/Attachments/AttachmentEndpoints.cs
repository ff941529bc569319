using Hotline.Server.Access;
using Hotline.Tickets.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using A = Hotline.Tickets.Access.HotlineAction;

namespace Hotline.Server.Attachments;

/// <summary>
/// <c>POST /api/tickets/{number}/attachments</c> (multipart, one part named <c>file</c>) and
/// <c>GET /api/tickets/{number}/attachments/{storageKey}</c>. The form is read by hand, after the ticket was found,
/// so a stranger's or another tenant's request never gets as far as the body. No antiforgery token: the session
/// cookie is SameSite=Strict and API clients use bearer tokens.
/// </summary>
public static class AttachmentEndpoints
{
    /// <summary>The actions that carry files: evidence, replies (with the unreachable-caller proof), returns, opinions.</summary>
    public static readonly A[] Uploaders = [A.Reply, A.ApplyForScreening, A.RequestReturn, A.RequestExtension, A.GiveCoUnitOpinion];

    public static IServiceCollection AddTicketAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttachmentOptions>(configuration.GetSection("Hotline:Attachments"));
        services.AddSingleton<AttachmentFolder>();
        services.AddSingleton<IAttachmentScanner, NoAttachmentScanner>();
        services.AddScoped<TicketAttachments>();
        return services;
    }

    public static IEndpointRouteBuilder MapTicketAttachments(this IEndpointRouteBuilder endpoints)
    {
        var attachments = endpoints.MapGroup("/api/tickets/{number}/attachments").WithTags("Tickets");
        attachments.MapPost("/", async Task<Created<AttachmentRef>> (string number, HttpRequest request, TicketAttachments files, CancellationToken ct) =>
            {
                var stored = await files.UploadAsync(number, request, ct);
                return TypedResults.Created($"/api/tickets/{number}/attachments/{stored.StorageKey}", stored.Ref());
            })
            .RequireAnyAction(Uploaders)
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
}
