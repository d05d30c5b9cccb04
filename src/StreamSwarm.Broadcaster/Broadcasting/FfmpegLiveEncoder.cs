using Microsoft.Extensions.Logging;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Media.Audio;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Media.Segmenting;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// The production <see cref="ILiveEncoder"/>: StreamSwarm.Media's live encode arguments, its ffmpeg
/// driver and its segmenter. On stop it asks ffmpeg to finish (so the last part is flushed and
/// uploaded) and keeps reading stdout for up to <see cref="FlushTimeout"/>.
/// </summary>
/// <remarks>With an <see cref="AudioMixer"/>, ffmpeg reads the mix as PCM on stdin (paced at real time by
/// <see cref="PcmAudioPump"/>) instead of making or reading the sound itself.</remarks>
public sealed class FfmpegLiveEncoder(GoLiveOptions options, ILoggerFactory loggers, TimeProvider? time = null, AudioMixer? audio = null) : ILiveEncoder
{
    /// <summary>How long after a stop the last parts may still be read and handed on. By default 8 s,
    /// longer than the driver's 5 s grace before it kills ffmpeg.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(8);

    private readonly ILogger _logger = loggers.CreateLogger<FfmpegLiveEncoder>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The Media encode settings for these options, with capture starting at <paramref name="captureEpoch"/>.</summary>
    public static LiveEncodeSettings Settings(GoLiveOptions options, DateTimeOffset captureEpoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        var testPattern = options.Source is BroadcastSource.TestPattern;
        var settings = new LiveEncodeSettings
        {
            Source = options.Source switch
            {
                BroadcastSource.File file => new FileSource(file.Path, file.Loop),
                _ => new TestPatternSource(),
            },
            // The test pattern gets ffmpeg's own 1 kHz sine; a file keeps its own sound, if any.
            Audio = testPattern ? LiveAudio.Tone : LiveAudio.FromSource,
            Width = options.Width,
            Height = options.Height,
            FrameRate = options.FrameRate,
            VideoBitrateKbps = (int)(options.VideoBitrate / 1000),
            AudioBitrateKbps = (int)(GoLiveOptions.Defaults.AudioBitrate / 1000),
            SegmentTarget = TimeSpan.FromSeconds(options.SegmentSeconds),
            PartTarget = TimeSpan.FromSeconds(options.PartSeconds),
            CaptureEpoch = captureEpoch,
        };

        // The clock is for the test pattern (latency is read off the picture); a user's file stays as it is.
        // drawtext needs its font: without it ffmpeg would refuse to start.
        return settings with { BurnInClock = testPattern && File.Exists(settings.FontFile) };
    }

    public async Task RunAsync(IEncoderSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        cancellationToken.ThrowIfCancellationRequested();
        var epoch = _time.GetUtcNow();
        var settings = Settings(options, epoch);
        if (audio is not null)
        {
            settings = settings with { Audio = LiveAudio.Pcm };
        }

        if (options.Source is BroadcastSource.TestPattern && !settings.BurnInClock)
        {
            _logger.LogWarning("Font {FontFile} not found: the test pattern goes out without the burned-in clock", settings.FontFile);
        }

        var arguments = LiveEncodeArguments.Build(settings);
        await using var ffmpeg = new FfmpegProcess(arguments, new FfmpegProcessOptions { StdinIsMediaInput = audio is not null }, loggers.CreateLogger<FfmpegProcess>());
        ffmpeg.StatsReceived += (_, stats) => sink.OnProgress(stats.Fps, stats.Speed, stats.BitrateKbps);
        try
        {
            ffmpeg.Start();
        }
        catch (FfmpegNotFoundException ex)
        {
            throw new LiveEncoderException(OneLine(ex.Message), ex);
        }

        // The mix goes in at real time for as long as ffmpeg runs; the pump ends quietly when ffmpeg closes stdin.
        using var pcm = audio?.ToPcm();
        using var pcmStop = new CancellationTokenSource();
        var pcmTask = pcm is null
            ? Task.CompletedTask
            : Task.Run(() => new PcmAudioPump(pcm, new PcmAudioPumpOptions { TimeProvider = _time }, loggers.CreateLogger<PcmAudioPump>()).RunAsync(ffmpeg.Input!, pcmStop.Token), CancellationToken.None);

        var segmenter = new Segmenter(
            new SegmenterOptions
            {
                TargetSegmentDuration = settings.SegmentTarget,
                PartTargetDuration = settings.PartTarget,
                CaptureEpoch = epoch,
            },
            loggers.CreateLogger<Segmenter>());

        // Stopping does not cancel the read: ffmpeg flushes its last fragment on 'q' and the loop
        // hands it on; only a flush that takes too long cancels it.
        using var flush = new CancellationTokenSource();
        Task stopping = Task.CompletedTask;
        await using (cancellationToken.Register(() =>
        {
            _logger.LogInformation("Stopping ffmpeg");
            flush.CancelAfter(FlushTimeout);
            pcmStop.Cancel();
            stopping = ffmpeg.StopAsync(CancellationToken.None);
        }))
        {
            try
            {
                await PumpAsync(segmenter, ffmpeg, sink, flush.Token);
            }
            catch (Fmp4FormatException ex)
            {
                throw new LiveEncoderException($"ffmpeg's output could not be cut into CMAF parts: {OneLine(ex.Message)}", ex);
            }
            catch (OperationCanceledException) when (flush.IsCancellationRequested)
            {
                _logger.LogWarning("ffmpeg did not finish within {Seconds} s of the stop", FlushTimeout.TotalSeconds);
            }
        }

        await stopping;
        await pcmStop.CancelAsync();
        try
        {
            await pcmTask;
        }
        catch (OperationCanceledException)
        {
            // The stop cancelled the pump mid-write.
        }
        try
        {
            await ffmpeg.WaitForExitAsync(CancellationToken.None);
        }
        catch (FfmpegExitException ex)
        {
            var last = ex.StderrTail.Count > 0 ? ex.StderrTail[^1] : "no error message";
            throw new LiveEncoderException($"ffmpeg exited with code {ex.ExitCode}: {OneLine(last)} (full output in the log).", ex);
        }

        cancellationToken.ThrowIfCancellationRequested();
        _logger.LogInformation("The source ended");
    }

    private static async Task PumpAsync(Segmenter segmenter, FfmpegProcess ffmpeg, IEncoderSink sink, CancellationToken cancellationToken)
    {
        await foreach (var output in segmenter.ReadAsync(ffmpeg.Output, cancellationToken))
        {
            switch (output)
            {
                case InitSegment init:
                    await sink.OnInitSegmentAsync(init.Bytes, cancellationToken);
                    break;
                case MediaPart part:
                    using (part)
                    {
                        // The part's buffer is pooled and returned on dispose; the queue keeps its own copy.
                        await sink.OnPartAsync(part.Info, part.Bytes.ToArray(), cancellationToken);
                    }

                    break;
                case CompletedSegment segment:
                    sink.OnSegmentCompleted(segment.MediaSequence);
                    break;
            }
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
