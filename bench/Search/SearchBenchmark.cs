using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Hotline.Application.Knowledge;
using Hotline.Application.Search;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketQueue = Hotline.Application.Tickets.TicketQueue;

namespace Hotline.Bench.Search;

/// <summary>
/// First pages (and a deep page) of every role's queue and of filtered searches over a generated corpus of tickets on
/// SQLite, through the real <see cref="TicketSearch"/> with a fresh context per call as a request has. Measured beside
/// raw baselines on the same file in the same run: a primary-key lookup and an index-ordered page of 20 rows.
/// </summary>
internal static class SearchBenchmark
{
    private const int Runs = 5;
    private const int DeepPage = 50;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        // While profiling: a corpus file to keep and reuse, and a part of the query names to run only those.
        var keep = args.Length > 1 && args[1] != "-" ? Path.GetFullPath(args[1]) : null;
        var only = args.Length > 2 ? args[2] : "";
        var folder = Path.Combine(Path.GetTempPath(), "hotline-search-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var corpus = new TicketCorpus(keep ?? Path.Combine(folder, "hotline.db"));
            var clock = Stopwatch.StartNew();
            if (keep is null || !File.Exists(keep))
            {
                await corpus.GenerateAsync(count);
                Console.WriteLine($"generated {count:N0} tickets in {clock.Elapsed.TotalSeconds:F0} s ({new FileInfo(corpus.File).Length / 1048576.0:F0} MB)");
            }
            else
            {
                await corpus.LoadAsync();
            }

            await VerifyAsync(corpus);
            var results = new List<Result>();
            var baseline = Baselines(corpus, results);
            // Several parts of names may be given, separated by '|'.
            var parts = only.Split('|');
            bool Selected(string name) => parts.Any(p => name.Contains(p, StringComparison.Ordinal));
            foreach (var (name, user, queue, filter) in Cases(corpus).Where(c => Selected(c.Name)))
            {
                results.Add(await MeasureAsync(name, () => SearchOnceAsync(corpus, user, queue, filter)));
                if (filter.Page == 1 && !name.StartsWith("text", StringComparison.Ordinal))
                {
                    results.Add(await MeasureAsync(name + $" (page {DeepPage})", () => SearchOnceAsync(corpus, user, queue, filter with { Page = DeepPage })));
                }
            }

            if (Selected("before this change"))
            {
                results.Add(await MeasureAsync("text = phrase in content — before this change (every match gathered, counted, paged)", () => BeforeThisChangeAsync(corpus)));
            }

            if (Selected("knowledge base"))
            {
                await KnowledgeCasesAsync(corpus, results);
            }

            var sample = corpus.Samples[^1];
            results.Add(await MeasureAsync("TicketStore.FindByNumberAsync(tenant, number)", async () =>
            {
                await using var db = corpus.OpenContext(sample.TenantId);
                return (await new TicketStore(db).FindByNumberAsync(sample.TenantId, sample.Number, CancellationToken.None)) is null ? 0 : 1;
            }));

            Console.WriteLine();
            Console.WriteLine($"| query | total | median ms | max ms | × baseline page |");
            Console.WriteLine($"|---|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                var flag = r.Median > 200 ? " **over 200 ms**" : "";
                Console.WriteLine(double.IsInfinity(r.Median)
                    ? $"| {r.Name}{flag} | ? | > {Budget.TotalMilliseconds:F0} | > {Budget.TotalMilliseconds:F0} | |"
                    : string.Create(CultureInfo.InvariantCulture, $"| {r.Name}{flag} | {r.Total:N0} | {r.Median:F1} | {r.Max:F1} | {r.Median / baseline:F0} |"));
            }

            Console.WriteLine();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, load average {LoadAverage()}; {count:N0} tickets; median of {Runs} runs after one warm-up");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> SearchOnceAsync(TicketCorpus corpus, CurrentUser user, TicketQueue? queue, TicketFilter filter)
    {
        await using var db = corpus.OpenContext(user.TenantId);
        await db.Database.OpenConnectionAsync();
        // Microsoft.Data.Sqlite ignores cancellation inside a statement; interrupt the connection past the budget.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var budget = new CancellationTokenSource(Budget);
        await using var interrupt = budget.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
        try
        {
            var page = await new TicketSearch(db, user, new FixedTime(TicketCorpus.Now)).SearchAsync(filter, queue, CancellationToken.None);
            return page.TotalCount;
        }
        catch (SqliteException ex) when (budget.IsCancellationRequested && ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT)
        {
            throw new TimeoutException();
        }
    }

    private static IEnumerable<(string Name, CurrentUser User, TicketQueue? Queue, TicketFilter Filter)> Cases(TicketCorpus corpus)
    {
        const string tenant = "hsb"; // the largest tenant: 40 % of the tickets
        var units = corpus.Units[tenant];
        var dispatcher = User(tenant, null, HotlineRole.Dispatcher);
        var reviewer = User(tenant, null, HotlineRole.Reviewer);
        var supervisor = User(tenant, null, HotlineRole.Supervisor);
        var busyUnit = User(tenant, units[0], HotlineRole.UnitHandler);
        var quietUnit = User(tenant, units[^1], HotlineRole.UnitHandler);
        var first = new TicketFilter();

        foreach (var queue in TicketQueue.All)
        {
            foreach (var (who, user) in new[] { ("dispatcher", dispatcher), ("reviewer", reviewer), ("supervisor", supervisor), ("busiest unit", busyUnit) })
            {
                if (user.IsInAnyRole(queue.Roles))
                {
                    yield return ($"queue {queue.Name} — {who}", user, queue, first);
                    break;
                }
            }
        }

        yield return ("queue in-progress — quiet unit", quietUnit, TicketQueue.Find("in-progress"), first);
        yield return ("queue in-progress by next due — busiest unit", busyUnit, TicketQueue.Find("in-progress"), first with { Sort = TicketSort.NextDueAscending });

        var sample = corpus.Samples.FirstOrDefault(s => s.TenantId == tenant, corpus.Samples[0]);
        yield return ("all tickets, newest first", dispatcher, null, first);
        yield return ("all tickets by number", dispatcher, null, first with { Sort = TicketSort.NumberDescending });
        yield return ("state = Handling", dispatcher, null, first with { State = TicketState.Handling });
        yield return ("state = Archived", dispatcher, null, first with { State = TicketState.Archived });
        yield return ("category = Complaint", dispatcher, null, first with { Category = TicketCategory.Complaint });
        yield return ("urgency = SpecialUrgent", dispatcher, null, first with { Urgency = TicketUrgency.SpecialUrgent });
        yield return ("unit = busiest", dispatcher, null, first with { Unit = units[0] });
        yield return ("registered last 7 days", dispatcher, null, first with { From = TicketCorpus.Now.AddDays(-7) });
        yield return ("registered in a month a year ago", dispatcher, null, first with { From = TicketCorpus.Now.AddYears(-1), To = TicketCorpus.Now.AddYears(-1).AddMonths(1) });
        yield return ("overdue", dispatcher, null, first with { Overdue = true });
        yield return ("not overdue", dispatcher, null, first with { Overdue = false });
        yield return ("due within 24 h", dispatcher, null, first with { DueWithinHours = 24 });
        yield return ("complaints handling, last 30 days", dispatcher, null, first with { State = TicketState.Handling, Category = TicketCategory.Complaint, From = TicketCorpus.Now.AddDays(-30) });
        yield return ("unit = busiest and overdue", dispatcher, null, first with { Unit = units[0], Overdue = true });
        yield return ("text = ticket number", dispatcher, null, first with { Text = sample.Number });
        yield return ("text = word in content", dispatcher, null, first with { Text = "噪音" });
        yield return ("text = caller phone (not searchable)", dispatcher, null, first with { Text = sample.Phone });
        // Three characters and more: the trigram index (FullTextIndex); a common phrase, a rare place, and no match at all.
        yield return ("text = phrase in content (trigram index)", dispatcher, null, first with { Text = "噪音扰民" });
        yield return ("text = place in location (trigram index)", dispatcher, null, first with { Text = "幸福路12号" });
        yield return ("text = phrase matching nothing (trigram index)", dispatcher, null, first with { Text = "供暖温度不达标" });
        yield return ("text = phrase in content — busiest unit (trigram index)", busyUnit, null, first with { Text = "噪音扰民" });
        // The common phrase in the other orders and inside a queue: the page walks the order's index and tests each row.
        yield return ("text = phrase in content, oldest first (trigram index)", dispatcher, null, first with { Text = "噪音扰民", Sort = TicketSort.RegisteredAscending });
        yield return ("text = phrase in content, by number (trigram index)", dispatcher, null, first with { Text = "噪音扰民", Sort = TicketSort.NumberDescending });
        yield return ("text = phrase in content — queue in-progress (trigram index)", dispatcher, TicketQueue.Find("in-progress"), first with { Text = "噪音扰民" });
        yield return ("text = phrase in content — state Archived (trigram index)", dispatcher, null, first with { Text = "噪音扰民", State = TicketState.Archived });
        yield return ("text = phrase matching nothing, last 30 days (trigram index)", dispatcher, null, first with { Text = "供暖温度不达标", From = TicketCorpus.Now.AddDays(-30) });
    }

    /// <summary>
    /// The statements the search ran for a common phrase before it tested tickets one by one (issue 18): the tenant's
    /// match count, then the count and the page's ids each over every match of the index. Measured beside the new path.
    /// </summary>
    private static async Task<int> BeforeThisChangeAsync(TicketCorpus corpus)
    {
        const string tenant = "hsb";
        await using var db = corpus.OpenContext(tenant);
        var match = TextMatch.For(db, "噪音扰民");
        await match.FewTicketsAsync(tenant, CancellationToken.None);
        var sorted = db.Tickets.Where(match.Tickets(tenant)).Where(t => t.TenantId == tenant)
            .OrderByDescending(t => t.RegisteredAt).ThenByDescending(t => t.Id).Select(t => t.Id);
        var counted = await sorted.Take(TicketSearch.CountLimit + 1).CountAsync();
        await sorted.Take(20).ToListAsync();
        return Math.Min(counted, TicketSearch.CountLimit);
    }

    /// <summary>The knowledge base of the largest tenant: its list searched as call takers search it, and the intake suggestions.</summary>
    private static async Task KnowledgeCasesAsync(TicketCorpus corpus, List<Result> results)
    {
        const string tenant = "hsb";
        const int articles = 5_000;
        await using (var db = corpus.OpenContext(tenant))
        {
            if (!await db.Set<Hotline.Tickets.Knowledge.Article>().AnyAsync())
            {
                var clock = Stopwatch.StartNew();
                await ArticleCorpus.GenerateAsync(corpus, tenant, articles);
                Console.WriteLine($"generated {articles:N0} published articles in {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        // As the server wires it: each scope's context works in the tenant its scope enters.
        var services = new ServiceCollection()
            .AddScoped(_ => new TenantScope())
            .AddScoped<HotlineDbContext>(provider => corpus.OpenContext().InScope(provider.GetRequiredService<TenantScope>()))
            .BuildServiceProvider();
        await using var _ = services;
        var kb = new KnowledgeBase(services.GetRequiredService<IServiceScopeFactory>(), new FixedTime(TicketCorpus.Now));
        var dispatcher = User(tenant, null, HotlineRole.Dispatcher);
        var reviewer = User(tenant, null, HotlineRole.Reviewer);
        foreach (var (name, user, text) in new[]
        {
            ("knowledge base: phrase (trigram index)", dispatcher, "住房公积金提取"),
            ("knowledge base: two characters (fallback)", dispatcher, "医保"),
            ("knowledge base: matching nothing (trigram index)", dispatcher, "供暖温度不达标"),
            ("knowledge base: every state, reviewer (trigram index)", reviewer, "营业执照"),
        })
        {
            results.Add(await MeasureAsync(name, async () => (await kb.ListAsync(user, new ArticleQuery(text), CancellationToken.None)).TotalCount));
        }

        results.Add(await MeasureAsync("knowledge base: suggestions for typed content", async () =>
            (await kb.SuggestAsync(dispatcher, "您好，我想咨询一下新生儿医保参保需要哪些材料", 5, CancellationToken.None)).Count));
    }

    private static double Baselines(TicketCorpus corpus, List<Result> results)
    {
        using var connection = new SqliteConnection(corpus.ConnectionString);
        connection.Open();
        var id = Scalar(connection, "SELECT Id FROM Tickets WHERE Number = $p", corpus.Samples[0].Number);
        results.Add(Measure("baseline: raw SELECT * by primary key", () => Rows(connection, "SELECT * FROM Tickets WHERE Id = $p", id)));
        var page = Measure("baseline: raw SELECT * ORDER BY Id LIMIT 20", () => Rows(connection, "SELECT * FROM Tickets ORDER BY Id LIMIT 20", null));
        results.Add(page);
        results.Add(Measure("baseline: raw SELECT COUNT(*) FROM Tickets", () => Convert.ToInt32(Scalar(connection, "SELECT COUNT(*) FROM Tickets", null), CultureInfo.InvariantCulture)));
        return page.Median;
    }

    private static async Task VerifyAsync(TicketCorpus corpus)
    {
        // The generated rows must be what the model stores: load them as aggregates and find them through the search.
        foreach (var sample in corpus.Samples.Take(5))
        {
            await using var db = corpus.OpenContext(sample.TenantId);
            var ticket = await new TicketStore(db).FindByNumberAsync(sample.TenantId, sample.Number, CancellationToken.None)
                ?? throw new InvalidOperationException($"{sample.Number} does not load through TicketStore");
            if (ticket.Caller.Phone != sample.Phone || ticket.Assignments.First(a => a.Role == AssignmentRole.Lead).UnitId != sample.LeadUnit || ticket.Clocks.Count == 0 || ticket.Events.Count != 1)
                throw new InvalidOperationException($"{sample.Number} loads with the wrong caller, lead unit, clocks or events");
            var page = await new TicketSearch(db, User(sample.TenantId, null, HotlineRole.Dispatcher), new FixedTime(TicketCorpus.Now))
                .SearchAsync(new TicketFilter(Text: sample.Number), null, CancellationToken.None);
            if (page.TotalCount != 1 || page.Items[0].Number != sample.Number || page.Items[0].CallerPhone == sample.Phone)
                throw new InvalidOperationException($"{sample.Number} is not found, once and masked, by TicketSearch");
            var unitPage = await new TicketSearch(db, User(sample.TenantId, sample.LeadUnit, HotlineRole.UnitHandler), new FixedTime(TicketCorpus.Now))
                .SearchAsync(new TicketFilter(Text: sample.Number), null, CancellationToken.None);
            if (unitPage.TotalCount != 1)
                throw new InvalidOperationException($"{sample.Number} is not visible to its lead unit");
        }

        Console.WriteLine($"verified {Math.Min(5, corpus.Samples.Count)} generated tickets through TicketStore and TicketSearch");
    }

    private static async Task<Result> MeasureAsync(string name, Func<Task<int>> run)
    {
        var watch = Stopwatch.StartNew();
        var total = 0;
        var times = new List<double>();
        try
        {
            total = await run();
            var warmUp = watch.Elapsed.TotalMilliseconds;
            // A query that takes seconds tells what it needs to in fewer runs.
            for (var i = 0; i < (warmUp > 3000 ? 2 : Runs); i++)
            {
                watch.Restart();
                await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        catch (TimeoutException)
        {
            Console.WriteLine($"{name,-70} interrupted after {Budget.TotalSeconds:F0} s");
            return new Result(name, -1, double.PositiveInfinity, double.PositiveInfinity);
        }

        var result = new Result(name, total, Median(times), times.Max());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-70} {result.Median,9:F1} ms median {result.Max,9:F1} ms max  total {total:N0}"));
        return result;
    }

    private static Result Measure(string name, Func<int> run) => MeasureAsync(name, () => Task.FromResult(run())).GetAwaiter().GetResult();

    private static double Median(List<double> times)
    {
        times.Sort();
        return times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
    }

    private static int Rows(SqliteConnection connection, string sql, object? parameter)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
            command.Parameters.AddWithValue("$p", parameter);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read())
            rows++;
        return rows;
    }

    private static object Scalar(SqliteConnection connection, string sql, object? parameter)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
            command.Parameters.AddWithValue("$p", parameter);
        return command.ExecuteScalar()!;
    }

    private static CurrentUser User(string tenant, Guid? unit, HotlineRole role) =>
        CurrentUser.From(HotlineClaims.CreatePrincipal("bench", tenant, role.ToString(), role.ToString(),
            new RoleAssignment([role], unit?.ToString())));

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record Result(string Name, int Total, double Median, double Max);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
