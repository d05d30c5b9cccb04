using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NAudio.CoreAudioApi;
using NAudio.Wave;

namespace StreamSwarm.Media.Audio;

/// <summary>
/// A Windows microphone (or line-in) through WASAPI (NAudio.Wasapi's <see cref="WasapiRecorder"/>),
/// in shared mode with the capture format set to 48 kHz stereo float, so Windows' audio engine
/// resamples and up/down-mixes (AUTOCONVERTPCM) and the samples go into <see cref="Samples"/> as they
/// are. If the device goes away mid-show the input goes silent and <see cref="Stopped"/> is raised.
/// Not run by the Linux test suite: WASAPI exists on Windows only.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed partial class WasapiAudioCapture : IDisposable
{
    private readonly WasapiRecorder _recorder;
    private readonly ILogger _logger;
    private volatile bool _disposing;

    private WasapiAudioCapture(MMDevice device, ILogger? logger)
    {
        _logger = logger ?? NullLogger.Instance;
        Description = $"wasapi {device.FriendlyName}";
        _recorder = new WasapiRecorderBuilder()
            .WithDevice(device)
            .WithSharedMode()
            .WithFormat(WaveFormat.CreateIeeeFloatWaveFormat(PcmFormat.SampleRate, PcmFormat.Channels))
            .Build();
        _recorder.DataAvailable += (buffer, flags, _, _) =>
        {
            if ((flags & AudioClientBufferFlags.Silent) != 0)
            {
                // WASAPI may hand a buffer it flags as silence without zeroing it.
                Span<float> silence = stackalloc float[256];
                for (var left = buffer.Length / sizeof(float); left > 0; left -= silence.Length)
                {
                    Samples.Write(silence[..Math.Min(left, silence.Length)]);
                }

                return;
            }

            Samples.Write(MemoryMarshal.Cast<byte, float>(buffer));
        };
        _recorder.RecordingStopped += (_, e) =>
        {
            if (_disposing)
            {
                return;
            }

            Samples.Clear();
            var reason = e.Exception?.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.') ?? "the device stopped";
            StopReason = reason;
            LogStopped(_logger, Description, reason);
            Stopped?.Invoke(this, reason);
        };
        _recorder.StartRecording();
    }

    /// <summary>What is captured, for the dashboard and logs: "wasapi Microphone (USB Audio Device)".</summary>
    public string Description { get; }

    /// <summary>The captured samples, 48 kHz stereo float; silence while nothing arrives.</summary>
    public CaptureSampleBuffer Samples { get; } = new();

    /// <summary>Why the capture stopped on its own, once it has.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Raised once when the capture ends other than by dispose; the argument is the reason.</summary>
    public event EventHandler<string>? Stopped;

    /// <summary>Friendly names of the active capture endpoints, for the error that lists them.</summary>
    public static IReadOnlyList<string> ListDevices()
    {
        using var devices = new MMDeviceEnumerator();
        var names = new List<string>();
        foreach (var device in devices.EnumerateAudioEndPoints(DataFlow.Capture, DeviceState.Active))
        {
            names.Add(device.FriendlyName);
        }

        return names;
    }

    /// <summary>
    /// Starts capturing from the default recording device (<paramref name="name"/> null) or the active
    /// one whose friendly name contains <paramref name="name"/> (case-insensitive, first match).
    /// </summary>
    /// <exception cref="InvalidOperationException">No such device, or none at all.</exception>
    /// <exception cref="COMException">WASAPI refused the device.</exception>
    public static WasapiAudioCapture Start(string? name, ILogger? logger = null)
    {
        using var devices = new MMDeviceEnumerator();
        MMDevice? chosen = null;
        if (name is null)
        {
            chosen = devices.HasDefaultAudioEndpoint(DataFlow.Capture, Role.Console)
                ? devices.GetDefaultAudioEndpoint(DataFlow.Capture, Role.Console)
                : null;
        }
        else
        {
            foreach (var device in devices.EnumerateAudioEndPoints(DataFlow.Capture, DeviceState.Active))
            {
                if (device.FriendlyName.Contains(name, StringComparison.OrdinalIgnoreCase))
                {
                    chosen = device;
                    break;
                }
            }
        }

        return chosen is null
            ? throw new InvalidOperationException(name is null ? "There is no default recording device." : $"No active recording device has '{name}' in its name.")
            : new WasapiAudioCapture(chosen, logger);
    }

    public void Dispose()
    {
        _disposing = true;
        _recorder.StopRecording();
        _recorder.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audio capture {Device} stopped ({Reason}): the input is silent from now on, the broadcast goes on")]
    private static partial void LogStopped(ILogger logger, string device, string reason);
}
