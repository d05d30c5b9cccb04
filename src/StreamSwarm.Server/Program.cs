using Microsoft.Extensions.Options;
using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Keys;

if (args.Length > 0 && args[0] == "keys")
{
    return KeysCommand.Run(args[1..], Console.Out, Console.Error, Environment.CurrentDirectory);
}

try
{
    await using var app = StreamSwarmServer.Build(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A bad configuration value: say which and stop, rather than run half-configured.
    foreach (var failure in e.Failures)
    {
        Console.Error.WriteLine($"error: {failure}");
    }

    return 2;
}
