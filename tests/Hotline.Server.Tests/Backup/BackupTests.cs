using System.Collections.Concurrent;
using System.Net;
using Hotline.Server.Backup;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Microsoft.Data.Sqlite;

namespace Hotline.Server.Tests.Backup;

public sealed class BackupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hotline-backup-").FullName;

    private string DataFolder => Path.Combine(folder, "data");

    private (int Exit, string Output) Command(string verb, string file, string? dataFolder = null)
    {
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var exit = DatabaseCommand.Run([verb, file, "--Hotline:DataDirectory", dataFolder ?? DataFolder], output, output);
        return (exit, output.ToString());
    }

    [Fact]
    public async Task A_backup_taken_while_tickets_are_registered_holds_every_ticket_committed_before_it_and_restores_them()
    {
        var backupFile = Path.Combine(folder, "backups", "hotline.db");
        var before = new List<string>();
        var after = new ConcurrentQueue<string>();
        using (var host = new HotlineHost(DataFolder))
        {
            using var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
            var committed = new ConcurrentQueue<string>();
            var backupDone = false;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var startedAfterBackup = Volatile.Read(ref backupDone);
                    var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
                    (startedAfterBackup ? after : committed).Enqueue(number);
                }
            })).ToArray();

            while (committed.Count < 12)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            // Answered (so committed) before the backup began; the writers keep going throughout.
            before.AddRange(committed);
            var backup = Command("backup", backupFile);
            Volatile.Write(ref backupDone, true);
            while (after.Count < 3)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            // While this server runs, a restore is refused and changes nothing.
            var refused = Command("restore", backupFile);
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            Assert.True(backup.Exit == 0, backup.Output);
            Assert.Equal(1, refused.Exit);
            Assert.Contains("Stop every server", refused.Output, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await dispatcher.GetAsync(new Uri($"/api/tickets/{after.First()}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal("ok", SqliteBackup.IntegrityCheck(backupFile));
        Assert.False(File.Exists(backupFile + "-wal"), "a backup is one self-contained file");
        // The stopped server's pooled connections close, as they would when its process ends.
        SqliteConnection.ClearAllPools();
        var restore = Command("restore", backupFile);
        Assert.True(restore.Exit == 0, restore.Output);

        using var restored = new HotlineHost(DataFolder);
        using var client = await restored.ClientAsync("qu", HotlineRole.Dispatcher);
        foreach (var number in before)
        {
            await client.GetJsonAsync($"/api/tickets/{number}");
        }

        // Registered after the backup had finished: gone with the restore, so it really replaced the database.
        foreach (var number in after)
        {
            var response = await client.GetAsync(new Uri($"/api/tickets/{number}", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        // And onto a new machine, whose data folder does not exist yet.
        var fresh = Path.Combine(folder, "new-machine", "data");
        var onNewMachine = Command("restore", backupFile, fresh);
        Assert.True(onNewMachine.Exit == 0, onNewMachine.Output);
        Assert.Equal("ok", SqliteBackup.IntegrityCheck(Path.Combine(fresh, "hotline.db")));
    }

    [Fact]
    public void Backup_of_a_missing_database_and_restore_of_a_missing_file_fail_with_a_message()
    {
        Directory.CreateDirectory(DataFolder);
        var backup = Command("backup", Path.Combine(folder, "b.db"));
        Assert.Equal(1, backup.Exit);
        Assert.Contains("There is no database", backup.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "b.db")));

        var restore = Command("restore", Path.Combine(folder, "missing.db"));
        Assert.Equal(1, restore.Exit);
        Assert.Contains("There is no backup", restore.Output, StringComparison.Ordinal);
        Assert.Equal(2, DatabaseCommand.Run(["backup"], TextWriter.Null, TextWriter.Null));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
