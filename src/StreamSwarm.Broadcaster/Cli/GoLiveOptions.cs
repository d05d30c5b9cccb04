using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// Everything <c>go-live</c> needs, validated. Build it with <see cref="GoLiveOptionsParser"/>;
/// defaults live in <see cref="Defaults"/>.
/// </summary>
public sealed record GoLiveOptions
{
    public required Uri Server { get; init; }

    public required string Key { get; init; }

    public required string Stream { get; init; }

    public required BroadcastSource Source { get; init; }

    public int Width { get; init; } = Defaults.Width;

    public int Height { get; init; } = Defaults.Height;

    public int FrameRate { get; init; } = Defaults.FrameRate;

    /// <summary>Video bitrate in bits per second.</summary>
    public long VideoBitrate { get; init; } = Defaults.VideoBitrate;

    public double SegmentSeconds { get; init; } = Defaults.SegmentSeconds;

    public double PartSeconds { get; init; } = Defaults.PartSeconds;

    /// <summary>Stop by itself after this long; null runs until Ctrl+C (or the end of a non-looped file).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The ABR ladder (<c>--ladder</c>), top first; null: one rendition from the size and bitrate.</summary>
    public IReadOnlyList<LiveRendition>? Ladder { get; init; }

    /// <summary>The H.264 encoder asked for (<c>--encoder</c>); null picks a working hardware encoder, else libx264.</summary>
    public H264Encoder? Encoder { get; init; }

    /// <summary>How long parts are kept while the server cannot be reached (<c>--outage-buffer</c>); older ones are dropped.</summary>
    public TimeSpan OutageBuffer { get; init; } = Defaults.OutageBuffer;

    /// <summary>Local MP4 recording of the top rendition (<c>--record</c>); null records nothing.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Where the log goes; null means the default under the temp directory.</summary>
    public string? LogFile { get; init; }

    /// <summary>The page viewers open: <c>{server}/watch/{stream}</c>.</summary>
    public Uri WatchUrl => new(ServerBase, $"watch/{Stream}");

    /// <summary>The server URL as the user wrote it, without a trailing slash.</summary>
    public string ServerDisplay => Server.AbsoluteUri.TrimEnd('/');

    /// <summary>The server URL with a trailing slash so relative paths append to its path.</summary>
    public Uri ServerBase => Server.AbsoluteUri.EndsWith('/') ? Server : new Uri(Server.AbsoluteUri + "/");

    public static class Defaults
    {
        public const int Width = 1280;
        public const int Height = 720;
        public const int FrameRate = 30;
        public const long VideoBitrate = 2_500_000;
        public const double SegmentSeconds = 2.0;
        public const double PartSeconds = 0.5;

        /// <summary>AAC bitrate added to the video bitrate for the advertised HLS BANDWIDTH.</summary>
        public const long AudioBitrate = 128_000;

        public const string Size = "1280x720";
        public const string Fps = "30";
        public const string Bitrate = "2500k";
        public const string Segment = "2.0";
        public const string Part = "0.5";

        /// <summary>30 s: long enough for a server restart, short enough that what comes back is still worth watching live.</summary>
        public static readonly TimeSpan OutageBuffer = TimeSpan.FromSeconds(30);
    }
}
