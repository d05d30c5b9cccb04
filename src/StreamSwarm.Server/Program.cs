using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Keys;

if (args.Length > 0 && args[0] == "keys")
{
    return KeysCommand.Run(args[1..], Console.Out, Console.Error, Directory.GetCurrentDirectory());
}

await StreamSwarmServer.RunAsync(args);
return 0;
