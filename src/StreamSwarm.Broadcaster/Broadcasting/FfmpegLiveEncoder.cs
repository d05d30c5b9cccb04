using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Media.Audio;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Media.Segmenting;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// The production <see cref="ILiveEncoder"/>: one ffmpeg process for every rendition of the ladder
/// (StreamSwarm.Media's live encode arguments and driver), one segmenter per rendition. The first
/// rendition comes out on ffmpeg's stdout, the others on local sockets (<see cref="FfmpegOutputSocket"/>).
/// <para>If ffmpeg dies mid-stream it is started again at once (see <see cref="RestartBudget"/>): media
/// sequence numbers go on after the highest one made, every rendition's next part is marked as a
/// discontinuity, and a new capture epoch keeps program date times on the wall clock.</para>
/// On stop it asks ffmpeg to finish (so the last part is flushed and uploaded) and keeps reading its
/// outputs for up to <see cref="FlushTimeout"/>.
/// <para>With an <see cref="AudioMixer"/>, ffmpeg reads the mix as PCM on stdin, paced at real time by
/// <see cref="PcmAudioPump"/>, instead of making or reading the sound itself; a restarted ffmpeg gets
/// a new pump from the same mixer, so mute and gains carry over.</para>
/// </summary>
public sealed partial class FfmpegLiveEncoder(GoLiveOptions options, ILoggerFactory loggers, TimeProvider? time = null, AudioMixer? audio = null) : ILiveEncoder
{
    /// <summary>How long after a stop the last parts may still be read and handed on. By default 8 s,
    /// longer than the driver's 5 s grace before it kills ffmpeg.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(8);

    /// <summary>Restarts allowed within <see cref="RestartWindow"/>; past that the failure is reported. 5.</summary>
    public const int RestartBudget = 5;

    /// <summary>Window of <see cref="RestartBudget"/>. 60 s: a source that crashes ffmpeg every few seconds is broken, not unlucky.</summary>
    public static readonly TimeSpan RestartWindow = TimeSpan.FromSeconds(60);

    /// <summary>Read buffer of each output. 256 KiB holds a whole part of a 4 Mbit/s rendition.</summary>
    private const int OutputBufferBytes = 256 * 1024;

    private readonly ILogger _logger = loggers.CreateLogger<FfmpegLiveEncoder>();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Read the source at its native rate (<c>-re</c>). The ladder bench turns it off to measure encode speed. Default true.</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>The encoder this broadcast used, once chosen.</summary>
    public H264EncoderChoice? EncoderChoice { get; private set; }

    /// <summary>How many times ffmpeg was restarted after dying.</summary>
    public int Restarts { get; private set; }

    /// <summary>The id of the ffmpeg process running now, 0 between runs.</summary>
    public int FfmpegProcessId { get; private set; }

    /// <summary>The Media encode settings for these options, with capture starting at <paramref name="captureEpoch"/>.</summary>
    public static LiveEncodeSettings Settings(GoLiveOptions options, DateTimeOffset captureEpoch, H264Encoder encoder = H264Encoder.Libx264)
    {
        ArgumentNullException.ThrowIfNull(options);
        var testPattern = options.Source is BroadcastSource.TestPattern;
        var renditions = RenditionPlan.For(options);
        var settings = new LiveEncodeSettings
        {
            Source = options.Source switch
            {
                BroadcastSource.File file => new FileSource(file.Path, file.Loop),
                BroadcastSource.Capture capture => new CaptureSource(capture.Kind, capture.Device),
                _ => new TestPatternSource(),
            },
            // The test pattern gets ffmpeg's own 1 kHz sine; a file keeps its own sound, if any; a
            // picture capture has none (add --audio for sound).
            Audio = options.Source switch
            {
                BroadcastSource.TestPattern => LiveAudio.Tone,
                BroadcastSource.Capture => LiveAudio.None,
                _ => LiveAudio.FromSource,
            },
            Renditions = renditions,
            Encoder = encoder,
            Width = renditions[0].Width,
            Height = renditions[0].Height,
            FrameRate = options.FrameRate,
            VideoBitrateKbps = renditions[0].VideoBitrateKbps,
            AudioBitrateKbps = (int)(GoLiveOptions.Defaults.AudioBitrate / 1000),
            SegmentTarget = TimeSpan.FromSeconds(options.SegmentSeconds),
            PartTarget = TimeSpan.FromSeconds(options.PartSeconds),
            CaptureEpoch = captureEpoch,
        };

        // The clock is for the test pattern (latency is read off the picture); a user's file stays as it is.
        // drawtext needs its font: without it ffmpeg would refuse to start.
        return settings with { BurnInClock = testPattern && File.Exists(settings.FontFile) };
    }

    public async Task PrepareAsync(CancellationToken cancellationToken) =>
        EncoderChoice ??= await ChooseEncoderAsync(cancellationToken);

    public async Task RunAsync(IEncoderSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        cancellationToken.ThrowIfCancellationRequested();
        await PrepareAsync(cancellationToken);
        var choice = EncoderChoice!;
        sink.OnNotice($"Encoder: {choice.Reason}");
        var restarts = new Queue<long>();
        long firstMsn = 0;
        var discontinuity = false;
        while (true)
        {
            var run = await RunOnceAsync(sink, choice.Encoder, firstMsn, discontinuity, cancellationToken);
            if (run.Failure is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _logger.LogInformation("The source ended");
                return;
            }

            while (restarts.Count > 0 && _time.GetElapsedTime(restarts.Peek()) > RestartWindow)
            {
                restarts.Dequeue();
            }

            // Only an encode that was live restarts: one that fails before its first part (a bad file,
            // a missing device) would fail again.
            if (run.PartsMade == 0 || restarts.Count >= RestartBudget)
            {
                throw run.Failure;
            }

            restarts.Enqueue(_time.GetTimestamp());
            Restarts++;
            firstMsn = run.HighestMsn + 1;
            discontinuity = true;
            LogRestarting(_logger, run.Failure.Message, firstMsn);
            sink.OnNotice($"ffmpeg stopped unexpectedly ({run.Failure.Message}); restarted, continuing at segment {firstMsn}.");
        }
    }

    private async Task<H264EncoderChoice> ChooseEncoderAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await H264EncoderProbe.ChooseAsync(null, options.Encoder, _logger, cancellationToken);
        }
        catch (FfmpegNotFoundException ex)
        {
            throw new LiveEncoderException(OneLine(ex.Message), ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new LiveEncoderException(OneLine(ex.Message), ex);
        }
    }

    /// <summary>One ffmpeg process from start to exit. Failure is null when it ended because of the stop or the source's end.</summary>
    private async Task<RunResult> RunOnceAsync(IEncoderSink sink, H264Encoder encoder, long firstMsn, bool discontinuity, CancellationToken cancellationToken)
    {
        var epoch = _time.GetUtcNow();
        var settings = Settings(options, epoch, encoder) with { Realtime = Realtime, Duration = options.Duration };
        if (audio is not null)
        {
            settings = settings with { Audio = LiveAudio.Pcm };
        }
        if (options.Source is BroadcastSource.TestPattern && !settings.BurnInClock)
        {
            _logger.LogWarning("Font {FontFile} not found: the test pattern goes out without the burned-in clock", settings.FontFile);
        }

        var renditions = settings.EffectiveRenditions;
        var directory = renditions.Count > 1 ? Directory.CreateTempSubdirectory("streamswarm-ffmpeg-").FullName : null;
        var sockets = new FfmpegOutputSocket?[renditions.Count];
        var outputs = new string[renditions.Count];
        outputs[0] = "pipe:1";
        try
        {
            for (var i = 1; i < renditions.Count; i++)
            {
                sockets[i] = FfmpegOutputSocket.Listen(directory!, renditions[i].Name);
                outputs[i] = sockets[i]!.Url;
            }

            var arguments = LiveEncodeArguments.Build(settings, outputs);
            await using var ffmpeg = new FfmpegProcess(arguments, new FfmpegProcessOptions { OutputBufferBytes = OutputBufferBytes, StdinIsMediaInput = audio is not null }, loggers.CreateLogger<FfmpegProcess>());
            ffmpeg.StatsReceived += (_, stats) => sink.OnProgress(stats.Fps, stats.Speed, stats.BitrateKbps);
            try
            {
                ffmpeg.Start();
            }
            catch (FfmpegNotFoundException ex)
            {
                throw new LiveEncoderException(OneLine(ex.Message), ex);
            }

            FfmpegProcessId = ffmpeg.ProcessId;

            // The mix goes in at real time for as long as ffmpeg runs; the pump ends quietly when ffmpeg closes stdin.
            using var pcm = audio?.ToPcm();
            using var pcmStop = new CancellationTokenSource();
            var pcmTask = pcm is null
                ? Task.FromResult(0L)
                : Task.Run(() => new PcmAudioPump(pcm, new PcmAudioPumpOptions { TimeProvider = _time }, loggers.CreateLogger<PcmAudioPump>()).RunAsync(ffmpeg.Input!, pcmStop.Token), CancellationToken.None);
            var run = new RunState(renditions.Count, firstMsn);

            // Stopping does not cancel the reads: ffmpeg flushes its last fragments and the pumps hand
            // them on; only a flush that takes too long (or a failed pump) cancels them.
            using var abort = new CancellationTokenSource();
            Task stopping = Task.CompletedTask;
            var stopLock = new Lock();
            void Stop(TimeSpan flush)
            {
                lock (stopLock)
                {
                    if (!ffmpeg.StopRequested)
                    {
                        pcmStop.Cancel();
                        abort.CancelAfter(flush);
                        stopping = ffmpeg.StopAsync(CancellationToken.None);
                    }
                }
            }

            var pumps = new Task[renditions.Count];
            await using (cancellationToken.Register(() =>
            {
                _logger.LogInformation("Stopping ffmpeg");
                Stop(FlushTimeout);
            }))
            {
                for (var i = 0; i < renditions.Count; i++)
                {
                    var index = i;
                    pumps[i] = Task.Run(
                        async () =>
                        {
                            try
                            {
                                var reader = index == 0 ? ffmpeg.Output : await sockets[index]!.AcceptAsync(OutputBufferBytes, abort.Token);
                                await PumpAsync(reader, renditions[index].Name, settings, epoch, run, index, discontinuity, sink, abort.Token);
                                if (index != 0)
                                {
                                    await reader.CompleteAsync();
                                }
                            }
                            catch (Exception) when (!abort.IsCancellationRequested)
                            {
                                // One rendition failed (bad output, sink refused): stop the others with it.
                                Stop(TimeSpan.FromSeconds(2));
                                throw;
                            }
                        },
                        CancellationToken.None);
                }

                // A process that exits before opening its outputs (bad arguments, unreadable file) would
                // leave the socket pumps waiting for a connection.
                var exited = ffmpeg.WaitForExitAsync(CancellationToken.None);
                _ = exited.ContinueWith(_ => abort.CancelAfter(TimeSpan.FromSeconds(2)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                Exception? pumpFailure = null;
                try
                {
                    await Task.WhenAll(pumps);
                }
                catch (Fmp4FormatException ex) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped with PCM on stdin (stdin closed, SIGINT), ffmpeg may flush a last fragment
                    // holding only audio: every part before it is out, so the stop stays a clean end.
                    LogLastFragmentDropped(_logger, OneLine(ex.Message));
                }
                catch (Fmp4FormatException ex)
                {
                    pumpFailure = new LiveEncoderException($"ffmpeg's output could not be cut into CMAF parts: {OneLine(ex.Message)}", ex);
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    if (ffmpeg.StopRequested)
                    {
                        _logger.LogWarning("ffmpeg did not finish within {Seconds} s of the stop", FlushTimeout.TotalSeconds);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    pumpFailure = ex;
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
                    await exited;
                }
                catch (FfmpegExitException ex)
                {
                    var last = ex.StderrTail.Count > 0 ? ex.StderrTail[^1] : "no error message";
                    var failure = new LiveEncoderException($"ffmpeg exited with code {ex.ExitCode}: {OneLine(last)} (full output in the log)", ex);
                    return new RunResult(cancellationToken.IsCancellationRequested ? null : failure, run.PartsMade, run.HighestMsn);
                }

                if (pumpFailure is LiveEncoderException encoderFailure)
                {
                    throw encoderFailure;
                }

                if (pumpFailure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(pumpFailure).Throw();
                }

                if (!cancellationToken.IsCancellationRequested && run.PartsMade > 0 && ffmpeg.WasKilled)
                {
                    return new RunResult(new LiveEncoderException("ffmpeg had to be killed"), run.PartsMade, run.HighestMsn);
                }

                return new RunResult(null, run.PartsMade, run.HighestMsn);
            }
        }
        finally
        {
            FfmpegProcessId = 0;
            foreach (var socket in sockets)
            {
                if (socket is not null)
                {
                    await socket.DisposeAsync();
                }
            }

            if (directory is not null)
            {
                TryDeleteDirectory(directory);
            }
        }
    }

    private static async Task PumpAsync(
        PipeReader reader,
        string rendition,
        LiveEncodeSettings settings,
        DateTimeOffset epoch,
        RunState run,
        int index,
        bool discontinuity,
        IEncoderSink sink,
        CancellationToken cancellationToken)
    {
        var segmenter = new Segmenter(new SegmenterOptions
        {
            TargetSegmentDuration = settings.SegmentTarget,
            PartTargetDuration = settings.PartTarget,
            CaptureEpoch = epoch,
            FirstMediaSequence = run.FirstMsn,
        });
        var firstPart = true;
        await foreach (var output in segmenter.ReadAsync(reader, cancellationToken))
        {
            switch (output)
            {
                case InitSegment init:
                    await sink.OnInitSegmentAsync(rendition, init.Bytes, cancellationToken);
                    break;
                case MediaPart part:
                    using (part)
                    {
                        // The part's buffer is pooled and returned on dispose; the queue keeps its own copy.
                        await sink.OnPartAsync(rendition, part.Info, part.Bytes.ToArray(), discontinuity && firstPart, cancellationToken);
                    }

                    firstPart = false;
                    run.OnPart(index, part.Info.MediaSequence);
                    break;
                case CompletedSegment segment:
                    sink.OnSegmentCompleted(rendition, segment.MediaSequence);
                    break;
            }
        }
    }

    private void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException ex)
        {
            _logger.LogDebug(ex, "Could not delete {Directory}", directory);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg failed mid-stream ({Reason}); restarting at media sequence {Msn}")]
    private static partial void LogRestarting(ILogger logger, string reason, long msn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg's last output after the stop could not be cut into a part ({Reason}); dropped")]
    private static partial void LogLastFragmentDropped(ILogger logger, string reason);

    private sealed record RunResult(LiveEncoderException? Failure, long PartsMade, long HighestMsn);

    /// <summary>What the pumps of one run made; written by several pumps at once.</summary>
    private sealed class RunState(int renditions, long firstMsn)
    {
        private readonly long[] _highest = CreateHighest(renditions, firstMsn);
        private long _parts;

        public long FirstMsn { get; } = firstMsn;

        public long PartsMade => Interlocked.Read(ref _parts);

        /// <summary>Highest media sequence any rendition reached (FirstMsn - 1 when none made a part).</summary>
        public long HighestMsn
        {
            get
            {
                var max = FirstMsn - 1;
                for (var i = 0; i < _highest.Length; i++)
                {
                    max = Math.Max(max, Interlocked.Read(ref _highest[i]));
                }

                return max;
            }
        }

        public void OnPart(int rendition, long msn)
        {
            Interlocked.Increment(ref _parts);
            Interlocked.Exchange(ref _highest[rendition], msn);
        }

        private static long[] CreateHighest(int count, long first)
        {
            var a = new long[count];
            Array.Fill(a, first - 1);
            return a;
        }
    }
}
