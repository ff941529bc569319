using Hotline.Bench.Engine;
using Hotline.Bench.Search;
using Hotline.Bench.Tickets;
using Hotline.Bench.Timers;

// dotnet run -c Release --project bench -- engine [instances] [unit]
// dotnet run -c Release --project bench -- tickets [tickets] [clients] [sqlite|postgres]
// dotnet run -c Release --project bench -- timers [pending] [due] [lead seconds]
// dotnet run -c Release --project bench -- rearm [pending] [all]
// dotnet run -c Release --project bench -- timers-cluster [timers] [nodes] [batch sizes, e.g. 1,100] [lead seconds] [warm-up timers per node, 0 for cold nodes]
// dotnet run -c Release --project bench -- memory [tickets] [clients]
// dotnet run -c Release --project bench -- search [tickets] [corpus.db to keep] [part of query names]
return args.FirstOrDefault() switch
{
    "engine" => await EngineBenchmark.RunAsync(args.Skip(1).ToArray()),
    "tickets" => await TicketActionsBenchmark.RunAsync(args.Skip(1).ToArray()),
    "timers" => await TimerBenchmark.RunAsync(args.Skip(1).ToArray()),
    "rearm" => await RearmBenchmark.RunAsync(args.Skip(1).ToArray()),
    "timers-cluster" => await ClusterTimerBenchmark.RunAsync(args.Skip(1).ToArray()),
    "timer-node" => await ClusterTimerBenchmark.NodeAsync(args.Skip(1).ToArray()),
    "memory" => await InstanceMemoryBenchmark.RunAsync(args.Skip(1).ToArray()),
    "search" => await SearchBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- engine [instances] [unit] | tickets [tickets] [clients] [sqlite|postgres] | timers [pending] [due] [lead seconds] | rearm [pending] [all] | timers-cluster [timers] [nodes] [batch sizes] [lead seconds] [warm-up per node] | memory [tickets] [clients] | search [tickets] [corpus.db] [query filter]");
    return 2;
}
