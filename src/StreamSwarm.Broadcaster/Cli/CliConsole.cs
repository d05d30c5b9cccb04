using Spectre.Console;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Where the CLI writes: <see cref="Out"/> for the UI (watch line, dashboard, status lines),
/// <see cref="Error"/> for the one-line error of a failed run. <see cref="IsTerminal"/> picks the
/// live dashboard over plain status lines.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    /// <summary>
    /// Both stdin and stdout are the terminal: missing options are asked for and the dashboard's keys
    /// work. Default false (tests, pipes, scripts).
    /// </summary>
    public bool IsInteractive { get; init; }

    /// <summary>The process's own console; a redirected stdout is not a terminal.</summary>
    public static CliConsole System() => new(Console.Out, Console.Error, !Console.IsOutputRedirected)
    {
        IsInteractive = !Console.IsOutputRedirected && !Console.IsInputRedirected,
    };

    /// <summary>Spectre.Console over <see cref="Out"/> (prompts read the process's terminal).</summary>
    public IAnsiConsole CreateAnsiConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) });

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
