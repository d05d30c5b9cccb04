using System.Globalization;
using StreamSwarm.Media.Audio;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Parses <c>--audio</c> (repeatable: <c>tone[:HZ]</c>, <c>wav:PATH</c>, <c>mp3:PATH</c>,
/// <c>alsa:DEVICE</c>, <c>pulse:SOURCE</c>, on Windows <c>wasapi[:NAME]</c>) and <c>--gain</c> (one linear gain per <c>--audio</c>,
/// comma separated). Files are opened once here and devices briefly, so an unreadable file or a device
/// that does not open is a usage error before anything goes live.
/// </summary>
public static class AudioInputParser
{
    /// <summary>More sources than this is a mistake rather than a show (and the dashboard has 9 mute keys).</summary>
    public const int MaxInputs = 9;

    private const string Usage = "use --audio tone[:HZ], wav:PATH, mp3:PATH, alsa:DEVICE or pulse:SOURCE";

    public static string? TryParse(IReadOnlyList<string>? specs, string? gains, out IReadOnlyList<AudioInput>? inputs)
    {
        inputs = null;
        var list = new List<AudioInput>(specs?.Count ?? 0);
        foreach (var spec in specs ?? [])
        {
            if (TryParseOne(spec, out var input) is { } error)
            {
                return error;
            }

            list.Add(input!);
        }

        if (list.Count > MaxInputs)
        {
            return $"Too many --audio sources ({list.Count}): mix at most {MaxInputs}.";
        }

        if (gains is not null)
        {
            if (list.Count == 0)
            {
                return "--gain applies to --audio sources: add --audio, or drop --gain.";
            }

            var parts = gains.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length != list.Count)
            {
                return $"--gain '{gains}' has {parts.Length} value{(parts.Length == 1 ? string.Empty : "s")} for {list.Count} --audio source{(list.Count == 1 ? string.Empty : "s")}: give one per source, e.g. --gain {string.Join(',', list.Select(_ => "1.0"))}.";
            }

            for (var i = 0; i < parts.Length; i++)
            {
                if (!float.TryParse(parts[i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var gain)
                    || gain > AudioMixerInput.MaxGain)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Bad --gain value '{parts[i]}': use a linear gain from 0 (silent) to {AudioMixerInput.MaxGain} (+12 dB), 1 leaves the level as it is.");
                }

                list[i] = list[i] with { Gain = gain };
            }
        }

        inputs = list;
        return null;
    }

    public static string? TryParseOne(string spec, out AudioInput? input)
    {
        input = null;
        if (string.IsNullOrWhiteSpace(spec))
        {
            return $"Empty --audio: {Usage}.";
        }

        if (spec == "tone")
        {
            input = new AudioInput.Tone(AudioInput.Tone.DefaultFrequencyHz);
            return null;
        }

        if (spec.StartsWith("tone:", StringComparison.Ordinal))
        {
            var text = spec["tone:".Length..];
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hz) || hz is < 1 or > 20_000)
            {
                return $"Bad tone frequency '{text}': use 1 to 20000 Hz, e.g. --audio tone:440.";
            }

            input = new AudioInput.Tone(hz);
            return null;
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? spec : spec[..colon];
        var path = colon < 0 ? string.Empty : spec[(colon + 1)..];
        switch (kind)
        {
            case "wav" or "mp3":
                return TryOpenFile(kind, path, out input);
            case "alsa" or "pulse":
                return TryOpenDevice(
                    kind == "alsa" ? AudioCaptureKind.Alsa : AudioCaptureKind.Pulse,
                    path,
                    CaptureSourceParser.HasDemuxer,
                    static device => FfmpegAudioCapture.ProbeAsync(device).GetAwaiter().GetResult(),
                    out input);
            case "wasapi" or "mic":
                return OperatingSystem.IsWindows()
                    ? TryOpenWasapi(colon < 0 ? null : path, out input)
                    : "WASAPI microphone capture works on Windows only: on Linux capture sound with --audio alsa:default or --audio pulse:default.";
            default:
                return $"Unknown audio source '{spec}': {Usage}.";
        }
    }

    private static string? TryOpenFile(string kind, string path, out AudioInput? input)
    {
        input = null;
        if (path.Length == 0)
        {
            return $"Missing file path: use --audio {kind}:PATH.";
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"Audio file '{path}' is a directory: give the path of a .{kind} file.";
        }

        if (!File.Exists(full))
        {
            return $"Audio file '{path}' does not exist: check the path (relative to {Environment.CurrentDirectory}).";
        }

        AudioInput candidate = kind == "wav" ? new AudioInput.WavFile(full) : new AudioInput.Mp3File(full);
        try
        {
            // Open it once now: a file that cannot play fails here, as a usage error, not mid-stream.
            candidate.Open().Dispose();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            return $"Audio file '{path}' cannot be played ({OneLine(ex.Message)}): give a readable {kind.ToUpperInvariant()} file.";
        }

        input = candidate;
        return null;
    }

    /// <param name="hasDemuxer">Whether ffmpeg lists the input device; null when ffmpeg could not be asked.</param>
    /// <param name="probe">Opens the device for a moment: null when it delivers, else why not.</param>
    internal static string? TryOpenDevice(AudioCaptureKind kind, string device, Func<string, bool?> hasDemuxer, Func<AudioCaptureDevice, string?> probe, out AudioInput? input)
    {
        input = null;
        var (name, example, list) = kind == AudioCaptureKind.Alsa
            ? ("ALSA device", "alsa:default", "list the capture devices with 'arecord -L'")
            : ("PulseAudio source", "pulse:default", "check that PulseAudio (or PipeWire) runs for this user and list the sources with 'pactl list short sources'");
        if (device.Length == 0)
        {
            return $"Missing {name}: use --audio {example} ({list}).";
        }

        if (device.StartsWith('-') || device.Any(char.IsControl))
        {
            return $"Bad {name} '{device.ReplaceLineEndings(" ")}': {list}, e.g. --audio {example}.";
        }

        var capture = new AudioCaptureDevice(kind, device);
        switch (hasDemuxer(capture.Demuxer))
        {
            case null:
                return "ffmpeg could not be asked which capture devices it has ('ffmpeg -devices'): install ffmpeg or put it on PATH.";
            case false:
                return $"This ffmpeg cannot capture from {capture.Demuxer} (it is not in 'ffmpeg -devices'): install an ffmpeg built with {capture.Demuxer} (Debian's ffmpeg package has it).";
        }

        string? reason;
        try
        {
            reason = probe(capture);
        }
        catch (FfmpegNotFoundException)
        {
            return "ffmpeg is needed to capture sound and was not found: install ffmpeg or put it on PATH.";
        }

        if (reason is not null)
        {
            return $"{name} '{device}' cannot be opened ({OneLine(reason)}): {list}, e.g. --audio {example}.";
        }

        input = new AudioInput.Device(capture);
        return null;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static string? TryOpenWasapi(string? name, out AudioInput? input)
    {
        input = null;
        if (name is { Length: 0 })
        {
            return "Missing device name: use --audio wasapi for the default recording device, or --audio wasapi:NAME with part of its name.";
        }

        IReadOnlyList<string> devices;
        try
        {
            devices = WasapiAudioCapture.ListDevices();
        }
        catch (Exception ex) when (ex is System.Runtime.InteropServices.COMException or InvalidOperationException)
        {
            return $"Windows did not list its recording devices ({OneLine(ex.Message)}): check the Sound settings, or mix files with --audio wav:PATH.";
        }

        if (devices.Count == 0)
        {
            return "No recording device is active: plug in or enable a microphone (Sound settings > Recording), or mix files with --audio wav:PATH.";
        }

        if (name is not null && !devices.Any(d => d.Contains(name, StringComparison.OrdinalIgnoreCase)))
        {
            return $"No recording device has '{name}' in its name: use one of {string.Join(", ", devices.Select(d => $"'{d}'"))}, e.g. --audio \"wasapi:{devices[0]}\".";
        }

        input = new AudioInput.Wasapi(name);
        try
        {
            // Open it once now, like the files: a device WASAPI refuses fails here, not mid-stream.
            input.Open().Dispose();
        }
        catch (Exception ex) when (ex is System.Runtime.InteropServices.COMException or InvalidOperationException)
        {
            input = null;
            return $"The recording device cannot be opened ({OneLine(ex.Message)}): check that no other program holds it exclusively, and the microphone privacy setting.";
        }

        return null;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
