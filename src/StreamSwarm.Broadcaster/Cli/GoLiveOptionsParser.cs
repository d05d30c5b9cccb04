using System.Globalization;
using StreamSwarm.Core.Media;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Turns the raw strings of the command line into <see cref="GoLiveOptions"/>. Every rule fails
/// with one sentence that says what to do, because the user reads it as a single line on stderr.
/// </summary>
public static class GoLiveOptionsParser
{
    /// <summary>Raw option values as typed; null when absent.</summary>
    public sealed record Raw(
        string? Server,
        string? Key,
        string? Stream,
        string? Source,
        bool Loop,
        string? Size,
        string? Fps,
        string? Bitrate,
        string? Segment,
        string? Part,
        string? Duration,
        string? LogFile)
    {
        /// <summary><c>--audio</c>: NAudio sources to mix (tone[:HZ], wav:PATH, mp3:PATH); null or empty keeps the source's sound.</summary>
        public IReadOnlyList<string>? Audio { get; init; }

        /// <summary><c>--gain</c>: one linear gain per <c>--audio</c>, comma separated.</summary>
        public string? Gain { get; init; }

        /// <summary><c>--ladder</c>: comma-separated preset names; null for one rendition.</summary>
        public string? Ladder { get; init; }

        /// <summary><c>--encoder</c>: auto, libx264, vaapi, nvenc, qsv; null is auto.</summary>
        public string? Encoder { get; init; }

        /// <summary><c>--outage-buffer</c>: seconds, optionally with an s suffix.</summary>
        public string? OutageBuffer { get; init; }

        /// <summary><c>--record</c>: path of the local MP4 recording.</summary>
        public string? Record { get; init; }
    }

    public static bool TryParse(Raw raw, out GoLiveOptions? options, out string? error)
    {
        ArgumentNullException.ThrowIfNull(raw);
        options = null;
        Uri? server = null;
        BroadcastSource? source = null;
        int width = 0, height = 0;
        int fps = 0;
        double segment = 0, part = 0;
        long bitrate = 0;
        TimeSpan? duration = null;
        IReadOnlyList<AudioInput>? audio = null;
        error = TryParseServer(raw.Server, out server);
        error ??= DescribeKey(raw.Key);
        error ??= MediaNames.Describe(raw.Stream, "Stream");
        error ??= TryParseSource(raw.Source, raw.Loop, out source);
        error ??= TryParseSize(raw.Size ?? GoLiveOptions.Defaults.Size, out width, out height);
        error ??= TryParseFps(raw.Fps ?? GoLiveOptions.Defaults.Fps, out fps);
        error ??= TryParseBitrate(raw.Bitrate ?? GoLiveOptions.Defaults.Bitrate, out bitrate);
        error ??= TryParseSeconds(raw.Segment ?? GoLiveOptions.Defaults.Segment, "--segment", 0.5, 10, out segment);
        error ??= TryParseSeconds(raw.Part ?? GoLiveOptions.Defaults.Part, "--part", 0.1, 2, out part);
        error ??= DescribePartVersusSegment(part, segment);
        error ??= TryParseDuration(raw.Duration, out duration);
        error ??= AudioInputParser.TryParse(raw.Audio, raw.Gain, out audio);
        IReadOnlyList<LiveRendition>? ladder = null;
        H264Encoder? encoder = null;
        var outageBuffer = GoLiveOptions.Defaults.OutageBuffer;
        string? record = null;
        error ??= TryParseLadder(raw.Ladder, out ladder);
        error ??= DescribeLadderConflict(raw);
        error ??= TryParseEncoder(raw.Encoder, out encoder);
        error ??= TryParseOutageBuffer(raw.OutageBuffer, out outageBuffer);
        error ??= TryParseRecord(raw.Record, out record);
        if (error is not null)
        {
            return false;
        }

        options = new GoLiveOptions
        {
            Server = server!,
            Key = raw.Key!,
            Stream = raw.Stream!,
            Source = source!,
            Audio = audio!,
            Width = width,
            Height = height,
            FrameRate = fps,
            VideoBitrate = bitrate,
            SegmentSeconds = segment,
            PartSeconds = part,
            Duration = duration,
            LogFile = string.IsNullOrWhiteSpace(raw.LogFile) ? null : raw.LogFile,
            Ladder = ladder,
            Encoder = encoder,
            OutageBuffer = outageBuffer,
            RecordPath = record,
        };
        return true;
    }

    public static string? TryParseServer(string? text, out Uri? server)
    {
        server = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Missing --server: give the server's base URL, e.g. --server http://127.0.0.1:8080.";
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            return $"Bad server URL '{text}': use an absolute http:// or https:// URL, e.g. --server http://127.0.0.1:8080.";
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"Bad server URL '{text}': leave out the query, fragment and user info, e.g. --server http://127.0.0.1:8080.";
        }

        server = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        return null;
    }

    public static string? DescribeKey(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "Missing --key: pass the stream key made by 'StreamSwarm.Server keys create --stream NAME' (or set STREAMSWARM_KEY).";
        }

        foreach (var c in key)
        {
            // The key travels in an Authorization header: printable ASCII only.
            if (c is < '!' or > '~')
            {
                return "Bad --key: a stream key is printable ASCII without spaces; copy it exactly as 'keys create' printed it.";
            }
        }

        return null;
    }

    public static string? TryParseSource(string? text, bool loop, out BroadcastSource? source)
    {
        source = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Missing --source: use --source testsrc, file:PATH, v4l2:DEVICE or x11grab:DISPLAY.";
        }

        if (text == "testsrc")
        {
            if (loop)
            {
                return "--loop applies to file sources only: drop it, or use --source file:PATH --loop.";
            }

            source = new BroadcastSource.TestPattern();
            return null;
        }

        if (CaptureSourceParser.IsCapture(text))
        {
            if (loop)
            {
                return "--loop applies to file sources only: drop it for a capture source.";
            }

            return CaptureSourceParser.TryParse(text, out source);
        }

        if (!text.StartsWith("file:", StringComparison.Ordinal))
        {
            return $"Unknown source '{text}': use --source testsrc, file:PATH, v4l2:DEVICE or x11grab:DISPLAY.";
        }

        var path = text["file:".Length..];
        if (path.Length == 0)
        {
            return "Missing file path: use --source file:PATH, e.g. --source file:media-samples/out/long.mp4.";
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"Source file '{path}' is a directory: give the path of a media file.";
        }

        if (!File.Exists(full))
        {
            return $"Source file '{path}' does not exist: check the path (relative to {Environment.CurrentDirectory}).";
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length == 0)
            {
                return $"Source file '{path}' is empty: give a media file with video.";
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return $"Source file '{path}' cannot be read ({ex.Message}): check its permissions.";
        }

        source = new BroadcastSource.File(full, loop);
        return null;
    }

    public static string? TryParseSize(string text, out int width, out int height)
    {
        width = 0;
        height = 0;
        var x = text.IndexOf('x', StringComparison.OrdinalIgnoreCase);
        if (x <= 0
            || !int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            || !int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height))
        {
            return $"Bad --size '{text}': use WIDTHxHEIGHT, e.g. --size 1280x720.";
        }

        // H.264 with 4:2:0 chroma needs even dimensions.
        if (width is < 16 or > 7680 || height is < 16 or > 4320 || width % 2 != 0 || height % 2 != 0)
        {
            return $"Bad --size '{text}': width 16-7680 and height 16-4320, both even, e.g. --size 1280x720.";
        }

        return null;
    }

    public static string? TryParseFps(string text, out int fps)
    {
        // Whole numbers only: the GOP is fps x segment frames and ffmpeg's -r takes it as given.
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out fps)
            || fps is < 1 or > 120)
        {
            return $"Bad --fps '{text}': use a whole frame rate from 1 to 120, e.g. --fps 30.";
        }

        return null;
    }

    /// <summary>Accepts <c>2500k</c>, <c>2.5M</c> or plain bits per second.</summary>
    public static string? TryParseBitrate(string text, out long bitsPerSecond)
    {
        bitsPerSecond = 0;
        var number = text.AsSpan().Trim();
        double scale = 1;
        if (number.Length > 0 && char.ToUpperInvariant(number[^1]) is 'K' or 'M')
        {
            scale = char.ToUpperInvariant(number[^1]) == 'K' ? 1_000 : 1_000_000;
            number = number[..^1];
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return $"Bad --bitrate '{text}': use bits per second with an optional k or M suffix, e.g. --bitrate 2500k.";
        }

        bitsPerSecond = (long)Math.Round(value * scale);
        if (bitsPerSecond is < 100_000 or > 50_000_000)
        {
            return $"Bad --bitrate '{text}': use 100k to 50M, e.g. --bitrate 2500k.";
        }

        return null;
    }

    private static string? TryParseSeconds(string text, string option, double min, double max, out double seconds)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out seconds)
            || seconds < min || seconds > max)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Bad {option} '{text}': use seconds from {min:0.0} to {max:0.0} (the server's limits).");
        }

        return null;
    }

    private static string? DescribePartVersusSegment(double part, double segment) =>
        part > segment
            ? string.Create(CultureInfo.InvariantCulture, $"--part {part} is longer than --segment {segment}: a part is a slice of a segment; make it shorter.")
            : null;

    private static string? TryParseDuration(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            || seconds <= 0 || seconds > TimeSpan.FromDays(365).TotalSeconds)
        {
            return $"Bad --duration '{text}': use a positive number of seconds, e.g. --duration 60, or leave it out to run until Ctrl+C.";
        }

        duration = TimeSpan.FromSeconds(seconds);
        return null;
    }

    public static string? TryParseLadder(string? text, out IReadOnlyList<LiveRendition>? ladder)
    {
        ladder = null;
        if (text is null)
        {
            return null;
        }

        ladder = LadderPresets.TryParse(text, out var error);
        return error;
    }

    /// <summary>The presets fix every rendition's size and bitrate: <c>--size</c> or <c>--bitrate</c> beside <c>--ladder</c> would be ignored, so it is refused.</summary>
    public static string? DescribeLadderConflict(Raw raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Ladder is null || (raw.Size is null && raw.Bitrate is null))
        {
            return null;
        }

        var given = raw.Size is not null && raw.Bitrate is not null
            ? $"--size {raw.Size} and --bitrate {raw.Bitrate}"
            : raw.Size is not null ? $"--size {raw.Size}" : $"--bitrate {raw.Bitrate}";
        return $"--ladder {raw.Ladder} conflicts with {given}: the ladder's presets set each rendition's size and bitrate; drop {(raw.Size is not null && raw.Bitrate is not null ? "them" : "it")}, or drop --ladder for one rendition.";
    }

    public static string? TryParseEncoder(string? text, out H264Encoder? encoder)
    {
        encoder = null;
        if (text is null || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!H264EncoderNames.TryParse(text, out var parsed))
        {
            return $"Unknown --encoder '{text}': use auto (a working hardware encoder, else libx264), libx264, vaapi, nvenc or qsv.";
        }

        encoder = parsed;
        return null;
    }

    public static string? TryParseOutageBuffer(string? text, out TimeSpan buffer)
    {
        buffer = GoLiveOptions.Defaults.OutageBuffer;
        if (text is null)
        {
            return null;
        }

        var number = text.Trim();
        if (number.EndsWith('s'))
        {
            number = number[..^1];
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > 600)
        {
            return $"Bad --outage-buffer '{text}': use seconds from 1 to 600, e.g. --outage-buffer 30s.";
        }

        buffer = TimeSpan.FromSeconds(seconds);
        return null;
    }

    public static string? TryParseRecord(string? text, out string? path)
    {
        path = null;
        if (text is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text) || !text.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
        {
            return $"Bad --record '{text}': give the path of an .mp4 file to write, e.g. --record show.mp4.";
        }

        var full = Path.GetFullPath(text);
        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            return $"Bad --record '{text}': the folder '{directory}' does not exist; create it or record elsewhere.";
        }

        if (File.Exists(full) || Directory.Exists(full))
        {
            return $"Bad --record '{text}': '{full}' already exists; choose a new name (recordings are never overwritten).";
        }

        path = full;
        return null;
    }
}
