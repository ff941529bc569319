using Hotline.Bench.Engine;

// dotnet run -c Release --project bench -- engine [resumes]
return args.FirstOrDefault() switch
{
    "engine" => await EngineBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- engine [instances]");
    return 2;
}
