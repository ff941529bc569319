using System.Net;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Server.Tests.Tickets;
using Microsoft.AspNetCore.Hosting;

namespace Hotline.Server.Tests.Attachments;

/// <summary><c>Hotline:Attachments:AllowedTypes</c> narrows what is accepted; the kind is still the sniffed one.</summary>
public sealed class AttachmentTypeSettingTests(AttachmentTypeSettingTests.PdfOnlyHost host) : IClassFixture<AttachmentTypeSettingTests.PdfOnlyHost>
{
    public sealed class PdfOnlyHost : HotlineHost
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Hotline:Attachments:AllowedTypes:0", "application/pdf");
        }
    }

    [Fact]
    public async Task Only_the_configured_types_are_accepted()
    {
        var s = await Scenario.OnAsync(host, "hsb");
        var number = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
        var handler = await s.Handler;

        var png = await (await handler.UploadAsync(number, "照片.pdf", AttachmentApi.Png, "application/pdf")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("attachment.type-not-allowed", png.GetProperty("code").GetString());
        var pdf = await handler.UploadedAsync(number, "执法记录.pdf", AttachmentApi.Pdf);
        Assert.Equal("application/pdf", pdf.GetProperty("contentType").GetString());
    }
}
