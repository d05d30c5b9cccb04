using System.Diagnostics;

namespace StreamSwarm.Media.Tests.Audio;

/// <summary>
/// A private PulseAudio server with one null sink (<see cref="MonitorSource"/> captures its silence),
/// listening on a socket in a temp folder; <c>PULSE_SERVER</c> points this test process and the
/// ffmpegs it starts at it. It runs as whatever user runs the tests, root included (pulseaudio
/// warns, then works).
/// </summary>
public sealed class NullPulseServer : IAsyncLifetime
{
    public const string SinkName = "streamswarm_test";

    private readonly string _directory = Directory.CreateTempSubdirectory("streamswarm-pulse-").FullName;
    private Process? _process;

    public string MonitorSource => $"{SinkName}.monitor";

    /// <summary>The value for <c>PULSE_SERVER</c>.</summary>
    public string Address => $"unix:{Socket}";

    private string Socket => Path.Combine(_directory, "native");

    public async Task InitializeAsync()
    {
        var info = new ProcessStartInfo("pulseaudio")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--daemonize=no", "-n", "--exit-idle-time=-1", "--use-pid-file=no",
            $"--load=module-null-sink sink_name={SinkName}",
            $"--load=module-native-protocol-unix socket={Socket} auth-anonymous=1",
        })
        {
            info.ArgumentList.Add(argument);
        }

        // Its runtime files and cookie stay in the temp folder, away from any session's own server.
        info.Environment["XDG_RUNTIME_DIR"] = _directory;
        info.Environment["HOME"] = _directory;
        _process = Process.Start(info) ?? throw new InvalidOperationException("pulseaudio did not start.");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(Socket))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException("pulseaudio did not open its socket (scripts/setup.sh installs it).");
            }

            await Task.Delay(50);
        }

        Environment.SetEnvironmentVariable("PULSE_SERVER", Address);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("PULSE_SERVER", null);
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A socket pulseaudio left behind; the temp folder is cleaned by the system.
        }
    }
}
