using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Media.Audio;

/// <summary>
/// Live sound from an ALSA or PulseAudio device through a child ffmpeg (<c>-f alsa -i DEVICE</c>,
/// <c>-f pulse -i SOURCE</c>) that converts it to 48 kHz stereo float on its stdout; the samples land
/// in <see cref="Samples"/> for the mixer. NAudio.Core has no Linux capture of its own, and ffmpeg
/// already speaks both sound systems.
/// <para>If that ffmpeg dies (the device was unplugged, the sound server restarted) the input goes
/// silent, <see cref="Stopped"/> is raised once with the reason and a warning is logged; the broadcast
/// is not this class's to stop.</para>
/// </summary>
public sealed partial class FfmpegAudioCapture : IAsyncDisposable, IDisposable
{
    /// <summary>How long a probe may take before the device counts as not delivering. 10 s: a loaded machine is slow to start ffmpeg.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of one 48 kHz stereo float frame on ffmpeg's stdout.</summary>
    private const int BytesPerFrame = PcmFormat.Channels * sizeof(float);

    private readonly FfmpegProcess _process;
    private readonly ILogger _logger;
    private readonly Task _reading;
    private volatile bool _disposing;
    private int _disposed;

    private FfmpegAudioCapture(string description, IReadOnlyList<string> inputArguments, string? ffmpegPath, ILogger? logger)
    {
        Description = description;
        _logger = logger ?? NullLogger.Instance;
        List<string> arguments = ["-hide_banner", "-nostats", "-loglevel", "error", .. inputArguments, "-vn", "-f", "f32le", "-ar", "48000", "-ac", "2", "pipe:1"];
        _process = new FfmpegProcess(arguments, new FfmpegProcessOptions { ExecutablePath = ffmpegPath, StopGracePeriod = TimeSpan.FromSeconds(1) });
        _process.Start();
        ProcessId = _process.ProcessId;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>What is captured, for the dashboard and logs: "alsa default".</summary>
    public string Description { get; }

    /// <summary>The captured samples, 48 kHz stereo float; silence while nothing arrives.</summary>
    public CaptureSampleBuffer Samples { get; } = new();

    /// <summary>The capture ffmpeg's process id.</summary>
    public int ProcessId { get; }

    /// <summary>Why the capture stopped on its own, once it has; null while it runs or after a dispose.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Raised once, on a pool thread, when the capture ends other than by dispose; the argument is the reason.</summary>
    public event EventHandler<string>? Stopped;

    /// <summary>Completes when the capture has ended (stopped on its own, or disposed).</summary>
    public Task Completion => _reading;

    /// <summary>Starts capturing from <paramref name="device"/>.</summary>
    /// <exception cref="FfmpegNotFoundException">No ffmpeg.</exception>
    public static FfmpegAudioCapture Start(AudioCaptureDevice device, ILogger? logger = null, string? ffmpegPath = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new FfmpegAudioCapture($"{device.Demuxer} {device.Device}", device.InputArguments(), ffmpegPath, logger);
    }

    /// <summary>Any ffmpeg input as a capture: lets tests feed a known signal (<c>-f lavfi -i sine</c>) through the same path.</summary>
    internal static FfmpegAudioCapture Start(string description, IReadOnlyList<string> inputArguments, ILogger? logger = null) =>
        new(description, inputArguments, null, logger);

    /// <summary>
    /// Opens <paramref name="device"/> for a moment (<c>-t 0.2 -f null -</c>): null when it delivers audio,
    /// else ffmpeg's reason on one line ("cannot open audio device hw:7,0 (No such file or directory)").
    /// </summary>
    /// <exception cref="FfmpegNotFoundException">No ffmpeg.</exception>
    public static async Task<string?> ProbeAsync(AudioCaptureDevice device, string? ffmpegPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        List<string> arguments = ["-hide_banner", "-nostats", "-loglevel", "error", .. device.InputArguments(), "-t", "0.2", "-vn", "-f", "null", "-"];
        await using var probe = new FfmpegProcess(arguments, new FfmpegProcessOptions { ExecutablePath = ffmpegPath, StopGracePeriod = TimeSpan.FromSeconds(1) });
        probe.Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe.WaitForExitAsync(timeout.Token);
            return null;
        }
        catch (FfmpegExitException ex)
        {
            return Reason(ex.StderrTail) ?? $"ffmpeg exited with code {ex.ExitCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no audio came from it within {ProbeTimeout.TotalSeconds:0} s";
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing = true;
        // Stop first and let the read loop see the exit, then let go of the process: disposing it
        // under the loop's wait would fail that wait.
        await _process.StopAsync();
        await _reading;
        await _process.DisposeAsync();
    }

    /// <summary>Why the capture ffmpeg exited: killed by a signal (Unix reports 128 + its number), or its own words.</summary>
    internal static string ExitReason(int exitCode, IReadOnlyList<string> stderr)
    {
        if (!OperatingSystem.IsWindows() && exitCode is > 128 and < 160)
        {
            return $"ffmpeg was killed (signal {exitCode - 128})";
        }

        return Reason(stderr) is { } said ? $"ffmpeg exited with code {exitCode}: {said}" : $"ffmpeg exited with code {exitCode}";
    }

    /// <summary>ffmpeg's most telling stderr line: the one from the device input ("[alsa @ 0x..] cannot open ..."), else the last; null when it said nothing.</summary>
    internal static string? Reason(IReadOnlyList<string> stderr)
    {
        string? line = null;
        foreach (var candidate in stderr)
        {
            // ALSA hands some periods the same timestamp; the raw PCM output does not care, and the
            // muxer's complaint about it would hide the real reason.
            if (candidate.Contains("non monotonically increasing dts", StringComparison.Ordinal))
            {
                continue;
            }

            if (candidate.StartsWith('[') && candidate.IndexOf("] ", StringComparison.Ordinal) is var close and > 0)
            {
                line = candidate[(close + 2)..];
            }
        }

        line ??= stderr.Count > 0 ? stderr[^1] : null;
        return line?.ReplaceLineEndings(" ").Trim().TrimEnd('.');
    }

    private async Task ReadAsync()
    {
        var reader = _process.Output;
        var bytes = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                var whole = buffer.Length - (buffer.Length % BytesPerFrame);
                var rest = buffer.Slice(0, whole);
                while (rest.Length > 0)
                {
                    var n = (int)Math.Min(rest.Length, bytes.Length);
                    rest.Slice(0, n).CopyTo(bytes);
                    // f32le on stdout; every platform .NET runs on here is little-endian.
                    Samples.Write(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, n)));
                    rest = rest.Slice(n);
                }

                reader.AdvanceTo(buffer.GetPosition(whole), buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The pipe broke under us: the exit below says why.
            LogReadFailed(_logger, ex, Description);
        }

        string reason;
        try
        {
            await _process.WaitForExitAsync();
            reason = "ffmpeg ended the capture";
        }
        catch (FfmpegExitException ex)
        {
            reason = ExitReason(ex.ExitCode, ex.StderrTail);
        }

        if (_disposing)
        {
            return;
        }

        Samples.Clear();
        StopReason = reason;
        LogStopped(_logger, Description, reason);
        Stopped?.Invoke(this, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audio capture {Device} stopped ({Reason}): the input is silent from now on, the broadcast goes on")]
    private static partial void LogStopped(ILogger logger, string device, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the audio capture {Device} failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string device);
}
