using System.Diagnostics;
using System.Globalization;

namespace StreamSwarm.Broadcaster.Tests.Console;

/// <summary>
/// A real terminal for the dashboard and the prompts: a detached tmux session running
/// <c>dotnet streamswarm.dll …</c>, read with <c>capture-pane</c> and typed into with
/// <c>send-keys</c>. The shell prints <c>EXIT=code</c> when the program ends, so the exit code is
/// read off the screen too.
/// </summary>
internal sealed class TmuxTerminal : IAsyncDisposable
{
    private readonly string _name = "ss-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxTerminal()
    {
    }

    public static async Task<TmuxTerminal> StartAsync(params string[] args)
    {
        var terminal = new TmuxTerminal();
        var command = string.Join(' ', new[] { "dotnet", ChildCli.DllPath }.Concat(args).Select(Quote));
        // The pause after the exit keeps the pane (and EXIT=) readable until the test has looked.
        await RunAsync("new-session", "-d", "-s", terminal._name, "-x", "100", "-y", "32", $"{command}; echo EXIT=$?; sleep 120");
        return terminal;
    }

    /// <summary>The visible screen as text.</summary>
    public async Task<string> CaptureAsync() => await RunAsync("capture-pane", "-p", "-t", _name);

    /// <summary>Waits until the screen satisfies <paramref name="predicate"/>; fails with the last screen.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> predicate, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        var screen = string.Empty;
        while (watch.Elapsed < timeout)
        {
            screen = await CaptureAsync();
            if (predicate(screen))
            {
                return screen;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The terminal did not show {what} within {timeout.TotalSeconds} s. Screen:\n{screen}");
    }

    public Task<string> WaitForTextAsync(string text, TimeSpan timeout) =>
        WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), timeout, $"'{text}'");

    /// <summary>Waits for the <c>EXIT=</c> line and returns the code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var screen = await WaitForTextAsync("EXIT=", timeout);
        var line = screen.Split('\n').Last(l => l.StartsWith("EXIT=", StringComparison.Ordinal));
        return int.Parse(line["EXIT=".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Types literal text (no key names).</summary>
    public async Task TypeAsync(string text) => await RunAsync("send-keys", "-t", _name, "-l", text);

    public async Task PressEnterAsync() => await RunAsync("send-keys", "-t", _name, "Enter");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-session", "-t", _name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<string> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"tmux {args[0]} failed ({process.ExitCode}): {await error}");
    }
}
