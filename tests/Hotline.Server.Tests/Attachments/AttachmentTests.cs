using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotline.Server.Access;
using Hotline.Application.Attachments;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Access;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Server.Tests.Attachments;

/// <summary>
/// A ticket's files through the API: upload, cite in an action, download by those who may read the ticket (recorded);
/// refused for size, sniffed type, a scanner's verdict, strangers, users without the ticket, and the other tenant —
/// each refusal leaving no file and no row behind.
/// </summary>
public sealed class AttachmentTests(AttachmentTests.Host host) : IClassFixture<AttachmentTests.Host>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The product with a 4 KiB limit and a scanner that finds the test signature in any file carrying it.</summary>
    public sealed class Host : HotlineHost
    {
        public const long MaxBytes = 4096;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Hotline:Attachments:MaxBytes", MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IAttachmentScanner>();
                services.AddSingleton<IAttachmentScanner, SignatureScanner>();
            });
        }
    }

    private sealed class SignatureScanner : IAttachmentScanner
    {
        public async Task<string?> FindThreatAsync(Stream content, string fileName, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(content, leaveOpen: true);
            return (await reader.ReadToEndAsync(cancellationToken)).Contains("EICAR-STANDARD-ANTIVIRUS-TEST-FILE", StringComparison.Ordinal) ? "Eicar-Test-Signature" : null;
        }
    }

    [Fact]
    public async Task A_handler_uploads_cites_the_file_in_a_reply_and_a_reviewer_downloads_it_recorded()
    {
        var s = await Scenario.OnAsync(host, "hsb");
        var number = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
        var handler = await s.Handler;

        // The name loses its folders and reserved characters; the type is the content's, not the Content-Type sent.
        var file = await (await handler.UploadAsync(number, "../../现场<照片>.png", AttachmentApi.Png, "text/html")).CreatedAsync();
        Assert.Equal("现场照片.png", file.GetProperty("fileName").GetString());
        Assert.Equal("image/png", file.GetProperty("contentType").GetString());
        Assert.Equal(AttachmentApi.Png.Length, file.GetProperty("length").GetInt64());
        var key = file.GetProperty("storageKey").GetString()!;

        var ticket = await handler.ActAsync(number, "reply", new { measures = "已现场处理", callerNotice = "已告知", attachments = new[] { file } });
        Assert.Equal("Replied", ticket.Actions()[^1]);

        var reviewer = await s.Reviewer;
        var download = await reviewer.GetAsync(new Uri($"/api/tickets/{number}/attachments/{key}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(AttachmentApi.Png, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("现场照片.png", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        await using var scope = host.InTenant("hsb");
        var downloads = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<AttachmentDownload>()
            .Where(d => d.StorageKey == key).ToListAsync(Ct);
        var recorded = Assert.Single(downloads);
        Assert.Equal(("hsb", number, DemoAccessSeeder.UserNameFor(HotlineRole.Reviewer)), (recorded.TenantId, recorded.TicketNumber, recorded.UserName));
    }

    [Fact]
    public async Task An_action_citing_a_key_not_uploaded_for_that_ticket_is_refused_and_changes_nothing()
    {
        var s = await Scenario.OnAsync(host, "hsb");
        var number = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
        var other = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
        var handler = await s.Handler;
        var elsewhere = await handler.UploadedAsync(other, "执法记录.pdf", AttachmentApi.Pdf);
        var made = new { fileName = "a.pdf", contentType = "application/pdf", length = 1, storageKey = "0123456789abcdef0123456789abcdef" };
        var before = (await s.TicketAsync(number)).GetProperty("revision").GetInt32();

        foreach (var cited in new object[] { elsewhere, made })
        {
            var problem = await (await handler.TryActAsync(number, "reply", new { measures = "已处理", callerNotice = "已告知", attachments = new[] { cited } }))
                .ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(AttachmentCitations.UnknownKey, problem.GetProperty("code").GetString());
        }

        Assert.Equal(before, (await s.TicketAsync(number)).GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Too_large_a_sniffed_foreign_type_and_a_scanner_verdict_are_refused_with_nothing_stored()
    {
        var s = await Scenario.OnAsync(host, "hsb");
        var number = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
        var handler = await s.Handler;
        var stored = await StoredAsync("hsb");
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];
        var cases = new (string Name, byte[] Content, string Code)[]
        {
            ("大文件.txt", Encoding.UTF8.GetBytes(new string('字', (int)Host.MaxBytes))[..(int)(Host.MaxBytes + 1)], "attachment.too-large"),
            ("大录音.mp3", [.. AttachmentApi.Mp3, .. new byte[200 * 1024]], "attachment.too-large"),
            ("现场照片.png", executable, "attachment.type-not-allowed"),
            ("压缩包.docx", [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0], "attachment.type-not-allowed"),
            ("空文件.txt", [], "attachment.type-not-allowed"),
            ("说明.txt", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"u8.ToArray(), "attachment.infected"),
        };
        foreach (var (name, content, code) in cases)
        {
            var problem = await (await handler.UploadAsync(number, name, content, "image/png")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(code == problem.GetProperty("code").GetString(), $"{name}: {problem}");
        }

        // Not multipart, or two files in one upload: bad input.
        var json = await handler.PostAsync(new Uri($"/api/tickets/{number}/attachments", UriKind.Relative), JsonContent.Create(new { file = "x" }), Ct);
        Assert.Equal("attachment.file-missing", (await json.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var two = new MultipartFormDataContent { { new ByteArrayContent(AttachmentApi.Png), "file", "a.png" }, { new ByteArrayContent(AttachmentApi.Pdf), "file", "b.pdf" } };
        var both = await handler.PostAsync(new Uri($"/api/tickets/{number}/attachments", UriKind.Relative), two, Ct);
        Assert.Equal("attachment.file-missing", (await both.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(stored, await StoredAsync("hsb"));
    }

    [Fact]
    public async Task Strangers_users_without_the_ticket_and_the_other_tenant_can_neither_upload_nor_download()
    {
        var hsb = await Scenario.OnAsync(host, "hsb");
        var hl = await Scenario.OnAsync(host, "hl");
        var hsbTicket = await hsb.SignedTicketAsync(Scenario.Intake("Complaint"));
        var hlTicket = await hl.SignedTicketAsync(Scenario.Intake("Complaint"));
        var hsbKey = (await (await hsb.Handler).UploadedAsync(hsbTicket, "现场照片.png", AttachmentApi.Png)).GetProperty("storageKey").GetString();
        var hlKey = (await (await hl.Handler).UploadedAsync(hlTicket, "现场照片.png", AttachmentApi.Png)).GetProperty("storageKey").GetString();
        var stored = (await StoredAsync("hsb"), await StoredAsync("hl"));

        using var stranger = host.CreateClient();
        var refusals = new (HttpClient Client, string Ticket, string? Key, HttpStatusCode Status, string Who, bool Uploads)[]
        {
            (stranger, hsbTicket, hsbKey, HttpStatusCode.Unauthorized, "no credentials", true),
            // The co-unit was never put on the ticket: to it the ticket does not exist.
            (await hsb.AsAsync(HotlineRole.UnitHandler, coUnit: true), hsbTicket, hsbKey, HttpStatusCode.NotFound, "another unit's handler", true),
            (await hl.Handler, hsbTicket, hsbKey, HttpStatusCode.NotFound, "hl's handler on hsb's ticket", true),
            (await hsb.Handler, hlTicket, hlKey, HttpStatusCode.NotFound, "hsb's handler on hl's ticket", true),
            // hl's key named under hsb's own ticket: the key belongs to another tenant's ticket.
            (await hsb.Handler, hsbTicket, hlKey, HttpStatusCode.NotFound, "hsb's handler naming hl's key", false),
            (await hl.Reviewer, hlTicket, hsbKey, HttpStatusCode.NotFound, "hl's reviewer naming hsb's key", false),
        };
        foreach (var (client, ticket, key, status, who, uploads) in refusals)
        {
            var download = await client.GetAsync(new Uri($"/api/tickets/{ticket}/attachments/{key}", UriKind.Relative), Ct);
            Assert.True(status == download.StatusCode, $"{who} downloading got {(int)download.StatusCode}");
            if (!uploads)
                continue;
            var upload = await client.UploadAsync(ticket, "现场照片.png", AttachmentApi.Png);
            Assert.True(status == upload.StatusCode, $"{who} uploading got {(int)upload.StatusCode}");
        }

        // A role that cites no files may not upload, even to a ticket it may read.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await hsb.Dispatcher).UploadAsync(hsbTicket, "现场照片.png", AttachmentApi.Png)).StatusCode);
        Assert.Equal((stored.Item1, stored.Item2), (await StoredAsync("hsb"), await StoredAsync("hl")));
        await using var scope = host.Services.CreateAsyncScope();
        // Both counties' downloads: the test looks across tenants by name.
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<AttachmentDownload>().IgnoreQueryFilters([HotlineDbContext.TenantFilter])
            .Where(d => d.StorageKey == hsbKey || d.StorageKey == hlKey).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_workbench_upload_takes_the_same_checks_with_nothing_stored_on_a_refusal_and_an_extension_cites_its_file()
    {
        var s = await Scenario.OnAsync(host, "hsb");
        var number = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
        var hlTicket = await (await Scenario.OnAsync(host, "hl")).SignedTicketAsync(Scenario.Intake("Complaint"));
        var files = host.Services.GetRequiredService<TicketFiles>();
        var handler = WorkbenchUsers.Demo("hsb", HotlineRole.UnitHandler);
        var stored = (await StoredAsync("hsb"), await StoredAsync("hl"));
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0];
        var refusals = new (CurrentUser User, string Ticket, byte[] Content, string Code)[]
        {
            (handler, number, [.. AttachmentApi.Mp3, .. new byte[Host.MaxBytes]], "attachment.too-large"),
            (handler, number, executable, "attachment.type-not-allowed"),
            (handler, hlTicket, AttachmentApi.Png, ErrorCodes.NotFound),
            (WorkbenchUsers.Demo("hl", HotlineRole.UnitHandler), number, AttachmentApi.Png, ErrorCodes.NotFound),
            (WorkbenchUsers.Demo("hsb", HotlineRole.Dispatcher), number, AttachmentApi.Png, ErrorCodes.RoleNotAllowed),
        };
        foreach (var (user, ticket, content, code) in refusals)
        {
            var (file, refusal) = await files.UploadAsync(user, ticket, "现场照片.png", new MemoryStream(content), Ct);
            Assert.Null(file);
            Assert.True(code == refusal?.Code, $"{user.UserName} on {ticket}: {refusal}");
        }

        Assert.Equal(stored, (await StoredAsync("hsb"), await StoredAsync("hl")));

        var (uploaded, none) = await files.UploadAsync(handler, number, "协调函.pdf", new MemoryStream(AttachmentApi.Pdf), Ct);
        Assert.Null(none);
        Assert.Equal(("协调函.pdf", "application/pdf"), (uploaded!.FileName, uploaded.ContentType));
        var ticketView = await (await s.Handler).ActAsync(number, "extension", new { workingDays = 2, reason = "需协调", callerNotified = true, attachments = new[] { uploaded } });
        var requested = ticketView.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("ExtensionRequested", requested.GetProperty("action").GetString());
        Assert.Equal(uploaded.StorageKey, Assert.Single(requested.GetProperty("attachments").EnumerateArray()).GetProperty("storageKey").GetString());
    }

    /// <summary>A tenant's attachment rows and files, and the files still incoming: what a refusal must not change.</summary>
    private async Task<(int Rows, int Files, int Incoming)> StoredAsync(string tenant)
    {
        await using var scope = host.InTenant(tenant);
        var rows = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<Attachment>().CountAsync(a => a.TenantId == tenant, Ct);
        var folder = host.Services.GetRequiredService<AttachmentFolder>();
        return (rows, await folder.CountAsync(tenant, Ct), Directory.GetFiles(Path.Combine(folder.Root, ".incoming")).Length);
    }
}
