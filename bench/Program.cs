using Hotline.Bench.Engine;
using Hotline.Bench.Search;
using Hotline.Bench.Tickets;
using Hotline.Bench.Timers;

// dotnet run -c Release --project bench -- engine [instances]
// dotnet run -c Release --project bench -- tickets [tickets] [clients] [sqlite|postgres]
// dotnet run -c Release --project bench -- timers [pending] [due] [lead seconds]
// dotnet run -c Release --project bench -- search [tickets] [corpus.db to keep] [part of query names]
return args.FirstOrDefault() switch
{
    "engine" => await EngineBenchmark.RunAsync(args.Skip(1).ToArray()),
    "tickets" => await TicketActionsBenchmark.RunAsync(args.Skip(1).ToArray()),
    "timers" => await TimerBenchmark.RunAsync(args.Skip(1).ToArray()),
    "search" => await SearchBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- engine [instances] | tickets [tickets] [clients] [sqlite|postgres] | timers [pending] [due] [lead seconds] | search [tickets] [corpus.db] [query filter]");
    return 2;
}
