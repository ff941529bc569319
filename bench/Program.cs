using Hotline.Bench.Engine;
using Hotline.Bench.Tickets;

// dotnet run -c Release --project bench -- engine [instances]
// dotnet run -c Release --project bench -- tickets [tickets] [clients]
return args.FirstOrDefault() switch
{
    "engine" => await EngineBenchmark.RunAsync(args.Skip(1).ToArray()),
    "tickets" => await TicketActionsBenchmark.RunAsync(args.Skip(1).ToArray()),
    "search" => await Hotline.Bench.Search.SearchBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- engine [instances] | tickets [tickets] [clients]");
    return 2;
}
