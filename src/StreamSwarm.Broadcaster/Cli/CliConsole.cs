namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Where the CLI writes: <see cref="Out"/> for the UI (watch line, dashboard, status lines),
/// <see cref="Error"/> for the one-line error of a failed run. <see cref="IsTerminal"/> picks the
/// live dashboard over plain status lines.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    /// <summary>The process's own console; a redirected stdout is not a terminal.</summary>
    public static CliConsole System() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    /// <summary>Writes a whole line and flushes, so a log file or a pipe sees it at once.</summary>
    public void WriteLine(string line)
    {
        lock (Out)
        {
            Out.WriteLine(line);
            Out.Flush();
        }
    }

    /// <summary>The single line a failing run prints on stderr.</summary>
    public void WriteError(string message)
    {
        lock (Error)
        {
            Error.WriteLine($"streamswarm: {message.ReplaceLineEndings(" ")}");
            Error.Flush();
        }
    }
}
