using Microsoft.Extensions.Logging;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// One <c>--audio</c> source of the NAudio mix fed to ffmpeg as PCM: a tone, a WAV or an MP3 file, or
/// a live ALSA or PulseAudio device. Files loop (a music bed under a show), so the mix never runs dry
/// while the picture goes on; a device that stops reads as silence.
/// </summary>
public abstract record AudioInput
{
    private AudioInput()
    {
    }

    /// <summary>Linear gain 0..4 from <c>--gain</c>. Default 1.</summary>
    public float Gain { get; init; } = 1f;

    /// <summary>Opens the source for the mixer, at 48 kHz stereo; a device starts capturing.</summary>
    /// <param name="loggers">Where a device capture logs that it stopped; null logs nothing.</param>
    /// <exception cref="InvalidDataException">The file is not audio this pipeline plays.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public abstract AudioMixerInput Open(ILoggerFactory? loggers = null);

    /// <summary>A sine tone (<c>tone</c> or <c>tone:HZ</c>).</summary>
    public sealed record Tone(double FrequencyHz) : AudioInput
    {
        /// <summary>A concert A unless asked otherwise.</summary>
        public const double DefaultFrequencyHz = 440;

        public override AudioMixerInput Open(ILoggerFactory? loggers = null) => AudioMixerInput.Tone(FrequencyHz, Gain);

        public override string ToString() => FormattableString.Invariant($"tone:{FrequencyHz}");
    }

    /// <summary>A WAV file (<c>wav:PATH</c>), any rate, 1 or 2 channels.</summary>
    public sealed record WavFile(string Path) : AudioInput
    {
        public override AudioMixerInput Open(ILoggerFactory? loggers = null) => AudioMixerInput.WavFile(Path, loop: true, Gain);

        public override string ToString() => $"wav:{Path}";
    }

    /// <summary>An MP3 file (<c>mp3:PATH</c>) decoded by NLayer.</summary>
    public sealed record Mp3File(string Path) : AudioInput
    {
        public override AudioMixerInput Open(ILoggerFactory? loggers = null) => AudioMixerInput.Mp3File(Path, loop: true, Gain);

        public override string ToString() => $"mp3:{Path}";
    }

    /// <summary>A live sound device captured by a child ffmpeg (<c>alsa:DEVICE</c>, <c>pulse:SOURCE</c>).</summary>
    public sealed record Device(AudioCaptureDevice Capture) : AudioInput
    {
        /// <exception cref="StreamSwarm.Media.Ffmpeg.FfmpegNotFoundException">No ffmpeg.</exception>
        public override AudioMixerInput Open(ILoggerFactory? loggers = null) =>
            AudioMixerInput.Capture(FfmpegAudioCapture.Start(Capture, loggers?.CreateLogger<FfmpegAudioCapture>()), Gain);

        public override string ToString() => Capture.ToString();
    }

    /// <summary>A Windows recording device through WASAPI (<c>wasapi</c> for the default, <c>wasapi:NAME</c> for the first whose name contains NAME).</summary>
    public sealed record Wasapi(string? DeviceName) : AudioInput
    {
        /// <exception cref="PlatformNotSupportedException">Not on Windows (the parser refuses it there first).</exception>
        /// <exception cref="InvalidOperationException">The device is gone.</exception>
        public override AudioMixerInput Open(ILoggerFactory? loggers = null) =>
            OperatingSystem.IsWindows()
                ? AudioMixerInput.Capture(WasapiAudioCapture.Start(DeviceName, loggers?.CreateLogger<WasapiAudioCapture>()), Gain)
                : throw new PlatformNotSupportedException("WASAPI capture works on Windows only.");

        public override string ToString() => DeviceName is null ? "wasapi" : $"wasapi:{DeviceName}";
    }
}
