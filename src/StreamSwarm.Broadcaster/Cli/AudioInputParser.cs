using System.Globalization;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Parses <c>--audio</c> (repeatable: <c>tone[:HZ]</c>, <c>wav:PATH</c>, <c>mp3:PATH</c>) and
/// <c>--gain</c> (one linear gain per <c>--audio</c>, comma separated). Files are opened once here,
/// so an unreadable or non-audio file is a usage error before anything goes live.
/// </summary>
public static class AudioInputParser
{
    /// <summary>More sources than this is a mistake rather than a show (and the dashboard has 9 mute keys).</summary>
    public const int MaxInputs = 9;

    private const string Usage = "use --audio tone[:HZ], --audio wav:PATH or --audio mp3:PATH";

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
            case "wasapi" or "mic":
                return OperatingSystem.IsWindows()
                    ? "WASAPI microphone capture is not built into this streamswarm: use --audio wav:PATH or mp3:PATH."
                    : "WASAPI microphone capture works on Windows only: on Linux capture with --source v4l2:/dev/video0 and its sound, or mix files with --audio wav:PATH / mp3:PATH.";
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

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
