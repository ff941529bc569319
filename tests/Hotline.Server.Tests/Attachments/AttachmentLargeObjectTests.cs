using System.Net;
using Hotline.Application.Attachments;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Attachments;

/// <summary>
/// <c>Hotline:Attachments:Store</c> = <c>LargeObjects</c> on PostgreSQL, for several nodes without a shared folder: an
/// upload becomes a large object (no file in the folder), a reply cites it, a reviewer downloads the same bytes, and a
/// refused upload leaves no object and no row.
/// </summary>
public sealed class AttachmentLargeObjectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class LargeObjectHost(string postgres) : HotlineHost(new DateTimeOffset(2025, 9, 26, 9, 0, 0, TimeSpan.FromHours(8)), postgres)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Hotline:Attachments:Store", nameof(AttachmentStoreKind.LargeObjects));
        }
    }

    [Fact]
    public async Task On_PostgreSQL_the_files_are_large_objects_downloads_read_them_and_a_refusal_stores_none()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server), "Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        var name = $"hotline_attachments_{Guid.NewGuid():N}";
        var host = new LargeObjectHost(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
        try
        {
            var s = await Scenario.OnAsync(host, "hsb");
            var number = await s.SignedTicketAsync(Scenario.Intake("Complaint"));
            var handler = await s.Handler;
            var file = await handler.UploadedAsync(number, "执法记录.pdf", AttachmentApi.Pdf);
            var key = file.GetProperty("storageKey").GetString()!;
            Assert.Equal(0, await host.Services.GetRequiredService<AttachmentFolder>().CountAsync("hsb", Ct));
            Assert.Equal((1, 1), await StoredAsync(host));

            byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0];
            var refused = await (await handler.UploadAsync(number, "照片.pdf", executable)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("attachment.type-not-allowed", refused.GetProperty("code").GetString());
            Assert.Equal((1, 1), await StoredAsync(host));

            await handler.ActAsync(number, "reply", new { measures = "已现场处理", callerNotice = "已告知", attachments = new[] { file } });
            var download = await (await s.Reviewer).GetAsync(new Uri($"/api/tickets/{number}/attachments/{key}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(AttachmentApi.Pdf, await download.Content.ReadAsByteArrayAsync(Ct));
        }
        finally
        {
            await host.DisposeAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(server);
            await admin.OpenAsync(Ct);
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }

    /// <summary>The rows naming large objects, and the large objects the database holds.</summary>
    private static async Task<(int Rows, int Objects)> StoredAsync(HotlineHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // Every tenant's rows, beside every large object of the database.
        var rows = await db.Set<AttachmentLargeObject>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).CountAsync(Ct);
        var objects = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_largeobject_metadata").SingleAsync(Ct);
        return (rows, objects);
    }
}
