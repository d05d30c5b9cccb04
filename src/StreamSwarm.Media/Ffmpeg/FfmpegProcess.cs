using System.ComponentModel;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// One running ffmpeg: arguments passed as a list (never through a shell), stdout as a
/// <see cref="PipeReader"/>, stdin optionally carrying media, stderr parsed into <see cref="StatsReceived"/>.
/// <code>
/// await using var ffmpeg = new FfmpegProcess(args, options, logger);
/// ffmpeg.StatsReceived += (_, s) => ...;
/// ffmpeg.Start();
/// await foreach (var item in segmenter.ReadAsync(ffmpeg.Output, ct)) ...
/// await ffmpeg.WaitForExitAsync(ct);   // throws FfmpegExitException on a non-zero exit
/// </code>
/// </summary>
public sealed partial class FfmpegProcess : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private readonly FfmpegProcessOptions _options;
    private readonly ILogger _logger;
    private readonly Queue<string> _tail = new();
    private readonly Lock _tailLock = new();
    private Process? _process;
    private Task _stderrTask = Task.CompletedTask;
    private PipeReader? _output;
    private volatile bool _stopRequested;
    private int _disposed;

    public FfmpegProcess(IReadOnlyList<string> arguments, FfmpegProcessOptions? options = null, ILogger<FfmpegProcess>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        _arguments = arguments;
        _options = options ?? new FfmpegProcessOptions();
        _logger = logger ?? NullLogger<FfmpegProcess>.Instance;
        if (_options.StderrTailLines < 1 || _options.OutputBufferBytes < 4096 || _options.StopGracePeriod < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "StderrTailLines >= 1, OutputBufferBytes >= 4096 and a non-negative StopGracePeriod are required.");
        }
    }

    /// <summary>Raised on the stderr reading task for every progress report. Handlers must be quick and not throw.</summary>
    public event EventHandler<FfmpegStats>? StatsReceived;

    /// <summary>The latest progress report, if any.</summary>
    public FfmpegStats? LastStats { get; private set; }

    /// <summary>ffmpeg's stdout. Read it continuously: ffmpeg blocks when the pipe is full.</summary>
    public PipeReader Output => _output ?? throw new InvalidOperationException("Start the process first.");

    /// <summary>ffmpeg's stdin when <see cref="FfmpegProcessOptions.StdinIsMediaInput"/>; dispose it to signal end of input.</summary>
    public Stream? Input { get; private set; }

    public int ProcessId => _process?.Id ?? 0;

    public bool HasExited => _process?.HasExited ?? false;

    /// <summary>True when a stop had to kill ffmpeg because it did not finish within the grace period.</summary>
    public bool WasKilled { get; private set; }

    /// <summary>True once <see cref="StopAsync"/> was called: a non-zero exit after it is not an error.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>The last non-progress stderr lines.</summary>
    public IReadOnlyList<string> StderrTail()
    {
        lock (_tailLock)
        {
            return [.. _tail];
        }
    }

    /// <summary>Starts ffmpeg.</summary>
    /// <exception cref="FfmpegNotFoundException">No ffmpeg executable at the configured path or on PATH.</exception>
    public void Start()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("This ffmpeg process was already started.");
        }

        var executable = Locate(_options.ExecutablePath);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        for (var i = 0; i < _arguments.Count; i++)
        {
            info.ArgumentList.Add(_arguments[i]);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new FfmpegNotFoundException($"Could not start '{executable}'.");
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegNotFoundException($"Could not start '{executable}': {ex.Message}. Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg) or set FfmpegProcessOptions.ExecutablePath.", ex);
        }

        _process = process;
        LogStarted(_logger, process.Id, executable, string.Join(' ', _arguments));
        _output = PipeReader.Create(process.StandardOutput.BaseStream, new StreamPipeReaderOptions(bufferSize: _options.OutputBufferBytes, minimumReadSize: _options.OutputBufferBytes / 4, leaveOpen: true));
        if (_options.StdinIsMediaInput)
        {
            Input = process.StandardInput.BaseStream;
        }

        _stderrTask = Task.Run(() => ReadStderrAsync(process.StandardError));
    }

    /// <summary>
    /// Waits until ffmpeg has exited and its stderr is drained.
    /// </summary>
    /// <exception cref="FfmpegExitException">ffmpeg exited non-zero and no stop had been requested.</exception>
    public async Task WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        var process = _process ?? throw new InvalidOperationException("Start the process first.");
        await process.WaitForExitAsync(cancellationToken);
        await _stderrTask.WaitAsync(cancellationToken);
        var code = process.ExitCode;
        LogExited(_logger, process.Id, code);
        if (code != 0 && !_stopRequested)
        {
            throw new FfmpegExitException(code, StderrTail());
        }
    }

    /// <summary>
    /// Asks ffmpeg to finish, waits <see cref="FfmpegProcessOptions.StopGracePeriod"/> for it to flush
    /// and exit, then kills it. When stdin carries media (PCM audio) it is closed, which ends that
    /// input only: a lavfi or device video input would keep ffmpeg going, so on Unix ffmpeg also gets
    /// SIGINT, which it handles like 'q' (finish the outputs, exit). Otherwise ffmpeg gets 'q' on stdin.
    /// Keep reading <see cref="Output"/> meanwhile, or ffmpeg cannot flush.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var process = _process;
        if (process is null || process.HasExited)
        {
            _stopRequested = true;
            return;
        }

        _stopRequested = true;
        try
        {
            if (_options.StdinIsMediaInput)
            {
                await process.StandardInput.BaseStream.DisposeAsync();
            }
            else
            {
                await process.StandardInput.WriteAsync("q");
                await process.StandardInput.FlushAsync(cancellationToken);
                process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // ffmpeg already closed its stdin (it is exiting): nothing to ask.
        }
        catch (ObjectDisposedException)
        {
            // Input was closed by the caller already.
        }

        if (_options.StdinIsMediaInput && !process.HasExited)
        {
            PosixSignals.Interrupt(process.Id);
        }

        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(_options.StopGracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogKilling(_logger, process.Id, _options.StopGracePeriod.TotalSeconds);
            WasKilled = true;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var process = _process;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                await StopAsync(CancellationToken.None);
            }

            await _stderrTask;
        }
        finally
        {
            if (_output is not null)
            {
                await _output.CompleteAsync();
            }

            process.Dispose();
        }
    }

    /// <summary>Resolves the ffmpeg executable: <paramref name="configured"/> when set, else PATH.</summary>
    /// <exception cref="FfmpegNotFoundException">Nothing found.</exception>
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            if (File.Exists(configured))
            {
                return Path.GetFullPath(configured);
            }

            if (configured.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || configured.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new FfmpegNotFoundException($"ffmpeg was not found at '{configured}'. Install it (Debian/Ubuntu: apt-get install ffmpeg) or fix the configured path.");
            }
        }

        var name = string.IsNullOrEmpty(configured) ? "ffmpeg" : configured;
        var found = SearchPath(name);
        return found ?? throw new FfmpegNotFoundException($"'{name}' was not found on PATH. Install it (Debian/Ubuntu: apt-get install ffmpeg) or set FfmpegProcessOptions.ExecutablePath.");
    }

    private static string? SearchPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var windows = OperatingSystem.IsWindows();
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            if (windows && File.Exists(candidate + ".exe"))
            {
                return candidate + ".exe";
            }
        }

        return null;
    }

    private async Task ReadStderrAsync(StreamReader stderr)
    {
        var parser = new FfmpegStatsParser();
        try
        {
            while (await stderr.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (parser.TryAccept(line, out var stats))
                {
                    LastStats = stats;
                    StatsReceived?.Invoke(this, stats);
                    continue;
                }

                if (IsProgressLine(line))
                {
                    continue;
                }

                LogStderr(_logger, line);
                lock (_tailLock)
                {
                    _tail.Enqueue(line);
                    while (_tail.Count > _options.StderrTailLines)
                    {
                        _tail.Dequeue();
                    }
                }
            }
        }
        catch (IOException ex)
        {
            LogStderrFailed(_logger, ex);
        }
        catch (ObjectDisposedException ex)
        {
            LogStderrFailed(_logger, ex);
        }
    }

    private static bool IsProgressLine(string line)
    {
        var eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || line.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < eq; i++)
        {
            var c = line[i];
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (Win32Exception ex)
        {
            LogKillFailed(_logger, process.Id, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started ffmpeg pid {Pid}: {Executable} {Arguments}")]
    private static partial void LogStarted(ILogger logger, int pid, string executable, string arguments);

    [LoggerMessage(Level = LogLevel.Information, Message = "ffmpeg pid {Pid} exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, int pid, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg pid {Pid} did not exit within {GraceSeconds} s of a stop request; killing it")]
    private static partial void LogKilling(ILogger logger, int pid, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not kill ffmpeg pid {Pid}")]
    private static partial void LogKillFailed(ILogger logger, int pid, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg: {Line}")]
    private static partial void LogStderr(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading ffmpeg stderr stopped")]
    private static partial void LogStderrFailed(ILogger logger, Exception exception);
}
