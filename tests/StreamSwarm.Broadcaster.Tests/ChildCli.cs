using System.Diagnostics;
using System.Text;

namespace StreamSwarm.Broadcaster.Tests;

/// <summary>
/// Runs the built <c>streamswarm.dll</c> as a child process (<c>dotnet streamswarm.dll …</c>), the
/// way scripts do, with stdout and stderr captured line by line. The dll sits next to the tests
/// because the test project references the broadcaster.
/// </summary>
internal sealed class ChildCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private readonly List<(string Text, TaskCompletionSource<string> Found)> _waiters = [];

    private ChildCli(Process process) => _process = process;

    /// <summary>
    /// The broadcaster's own build output (same configuration as the tests). Not the copy next to the
    /// tests: their deps and runtimeconfig describe the test host (ASP.NET Core shared framework),
    /// so that copy cannot resolve its own dependencies.
    /// </summary>
    public static string DllPath
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "StreamSwarm.Broadcaster", "bin", configuration, framework, "streamswarm.dll");
        }
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_out)
            {
                return _err.ToString();
            }
        }
    }

    public static ChildCli Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = psi };
        var child = new ChildCli(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._out);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._err);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes with the first stdout line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_out)
        {
            var line = _out.ToString().Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return Task.FromResult(line);
            }

            _waiters.Add((text, found));
        }

        return WaitOrExitAsync(found.Task, text, timeout);
    }

    private async Task<string> WaitOrExitAsync(Task<string> found, string text, TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(found, exited).WaitAsync(timeout);
        if (first == found)
        {
            return await found;
        }

        // Output events may trail the exit a little.
        await Task.Delay(200);
        return found.IsCompletedSuccessfully
            ? await found
            : throw new InvalidOperationException($"streamswarm exited ({_process.ExitCode}) before printing '{text}': {Error}");
    }

    /// <summary>Sends a signal the way a shell's <c>kill -SIG pid</c> does.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line, StringBuilder into)
    {
        if (line is null)
        {
            return;
        }

        lock (_out)
        {
            into.Append(line).Append('\n');
            if (into != _out)
            {
                return;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
