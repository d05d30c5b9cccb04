using Microsoft.Extensions.Logging;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Status;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// What <see cref="GoLiveRunner"/> depends on beyond the options, with production defaults. Tests
/// swap the encoder, the clock and the timings.
/// </summary>
public sealed record GoLiveEnvironment
{
    public Func<GoLiveOptions, ILoggerFactory, ILiveEncoder> CreateEncoder { get; init; } =
        (options, loggers) => new FfmpegLiveEncoder(options, loggers);

    /// <summary>Makes the encoder when <see cref="GoLiveOptions.Audio"/> has NAudio sources: the mix goes to ffmpeg as PCM.</summary>
    public Func<GoLiveOptions, ILoggerFactory, AudioMixer, ILiveEncoder> CreateMixingEncoder { get; init; } =
        (options, loggers, mixer) => new FfmpegLiveEncoder(options, loggers, audio: mixer);

    public Func<HttpClient> CreateHttpClient { get; init; } = IngestClient.CreateHttpClient;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public UploadQueueOptions Uploads { get; init; } = new();

    /// <summary>Period of the plain status line when stdout is not a terminal. By default 5 s.</summary>
    public TimeSpan PlainStatusInterval { get; init; } = PlainStatusView.DefaultInterval;

    /// <summary>Tries to create the session before giving up on an unreachable server. By default 4.</summary>
    public int SessionAttempts { get; init; } = 4;

    /// <summary>First delay between those tries; doubles each time. By default 500 ms (4 tries ≈ 3.5 s).</summary>
    public TimeSpan SessionRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long queued uploads may take to finish once the stream stops. By default 10 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the final DELETE may take. By default 5 s.</summary>
    public TimeSpan EndSessionTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
