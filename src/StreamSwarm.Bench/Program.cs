using System.Reflection;
using StreamSwarm.Bench;

var benches = typeof(IBench).Assembly.GetTypes()
    .Where(t => typeof(IBench).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBench)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: streamswarm-bench NAME [args]   (or 'all')");
    foreach (var b in benches)
    {
        Console.WriteLine($"  {b.Name,-12} {b.Description}");
    }

    return args.Length == 0 ? 2 : 0;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var selected = args[0] == "all" ? benches : benches.Where(b => b.Name == args[0]).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"unknown bench '{args[0]}'; run with --help to list them");
    return 2;
}

var rc = 0;
foreach (var bench in selected)
{
    Console.WriteLine($"## {bench.Name}: {bench.Description}");
    Console.WriteLine($"_{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {Assembly.GetEntryAssembly()?.GetName().Name}_");
    Console.WriteLine();
    rc |= await bench.RunAsync(args.Skip(1).ToList(), Console.Out, cts.Token);
    Console.WriteLine();
}

return rc;
