using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests;

/// <summary>Runs the real <c>streamswarm</c> entry point in-process with captured output.</summary>
internal static class CliRun
{
    public static async Task<Result> RunAsync(string[] args, CancellationToken stop = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await BroadcasterCli.RunAsync(args, new CliConsole(output, error, IsTerminal: false), stop);
        return new Result(code, output.ToString(), error.ToString());
    }

    internal sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        /// <summary>The documented shape of a failure: exactly one line on stderr, prefixed with the program name.</summary>
        public string SingleErrorLine()
        {
            Assert.True(ErrorLines.Length == 1, $"expected one line on stderr, got {ErrorLines.Length}:\n{Error}");
            Assert.StartsWith("streamswarm: ", ErrorLines[0], StringComparison.Ordinal);
            return ErrorLines[0];
        }
    }
}
