using System.Runtime.InteropServices;
using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = CliConsole.System();
        using var stop = new CancellationTokenSource();
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                console.WriteLine("Ending the stream (press Ctrl+C again to force exit)...");
                stop.Cancel();
            }
            else
            {
                console.Error.WriteLine("streamswarm: forced exit; the server ends the session after its idle timeout.");
                Environment.Exit(ExitCodes.Forced);
            }
        }

        IgnoredSignals.RestoreSigInt();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return await BroadcasterCli.RunAsync(args, console, stop.Token);
    }
}
