using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Logging;
using StreamSwarm.Broadcaster.Status;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// One broadcast from start to end: create the session, run encoder and uploads side by side,
/// show status, and end the session whatever happened, so the playlist gets EXT-X-ENDLIST.
/// </summary>
public static class GoLiveRunner
{
    /// <summary>The rendition's name without <c>--ladder</c>.</summary>
    public const string MainRendition = StreamSwarm.Media.Ffmpeg.LiveEncodeSettings.SingleRenditionName;

    public static Task<int> RunAsync(GoLiveOptions options, CliConsole console, CancellationToken stop) =>
        RunAsync(options, console, new GoLiveEnvironment(), stop);

    public static async Task<int> RunAsync(GoLiveOptions options, CliConsole console, GoLiveEnvironment environment, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(environment);
        var logPath = options.LogFile ?? Path.Combine(Path.GetTempPath(), $"streamswarm-{options.Stream}.log");
        FileLoggerProvider logProvider;
        try
        {
            logProvider = new FileLoggerProvider(logPath, LogLevel.Information);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            console.WriteError($"Cannot write the log file '{logPath}' ({ex.Message}): pass --log-file with a writable path.");
            return ExitCodes.Usage;
        }

        var warnings = new RecentWarnings(environment.Time);
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Information).AddProvider(logProvider).AddProvider(warnings));
        var logger = loggers.CreateLogger("StreamSwarm.Broadcaster");
        logger.LogInformation(
            "go-live stream={Stream} server={Server} source={Source} size={Width}x{Height} fps={Fps} bitrate={Bitrate} segment={Segment} part={Part} duration={Duration} ladder={Ladder} encoder={Encoder} outageBuffer={OutageBuffer} record={Record}",
            options.Stream, options.Server, options.Source, options.Width, options.Height, options.FrameRate, options.VideoBitrate, options.SegmentSeconds, options.PartSeconds, options.Duration,
            options.Ladder is null ? null : string.Join(',', options.Ladder.Select(r => r.Name)), options.Encoder?.ToString() ?? "auto", options.OutageBuffer, options.RecordPath);

        if (!LiveConsole.TryOpenAudio(options, loggers, out var mixer, out var audioError))
        {
            logger.LogError("Could not open the audio sources: {Reason}", audioError);
            console.WriteError(audioError!);
            return ExitCodes.Usage;
        }

        using var mixerScope = mixer;
        using var http = environment.CreateHttpClient();
        var client = new IngestClient(http, options.ServerBase, options.Key, options.Stream);

        // The encoder's checks (a few test encodes; each may take up to 15 s when a driver hangs) run
        // before the session is opened, not beside it: the server ends a session that gets no upload
        // within its idle timeout (10 s by default), and one opened first sat idle through them. A
        // wrong key is reported after the checks, under a second later on this machine (auto).
        var encoder = mixer is not null
            ? environment.CreateMixingEncoder(options, loggers, mixer)
            : environment.CreateEncoder(options, loggers);
        string sessionId;
        try
        {
            await Task.Run(() => encoder.PrepareAsync(stop), CancellationToken.None);
            sessionId = await CreateSessionAsync(client, options, environment, logger, stop);
        }
        catch (IngestException ex)
        {
            logger.LogError(ex, "Could not create the session");
            console.WriteError(ex.Message);
            return ExitCodes.Failure;
        }
        catch (LiveEncoderException ex)
        {
            logger.LogError(ex, "The encoder cannot run");
            console.WriteError(ex.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        logger.LogInformation("Session {SessionId} created", sessionId);
        console.WriteLine($"Live: stream '{options.Stream}' on {options.ServerDisplay} from {options.Source}; log in {logPath}");
        console.WriteLine($"Watch at {options.WatchUrl}");

        var feeds = new DashboardFeeds(
            mixer,
            console.IsTerminal ? new SwarmWatcher(http, options.ServerBase, options.Stream, loggers.CreateLogger<SwarmWatcher>(), environment.Time) : null,
            warnings,
            options.WatchUrl);
        var failure = await StreamAsync(options, console, environment, encoder, client, sessionId, loggers, feeds, stop);
        return failure is null ? ExitCodes.Ok : Fail(console, failure);
    }

    private static int Fail(CliConsole console, string failure)
    {
        console.WriteError(failure);
        return ExitCodes.Failure;
    }

    private static async Task<string> CreateSessionAsync(
        IngestClient client, GoLiveOptions options, GoLiveEnvironment environment, ILogger logger, CancellationToken stop)
    {
        var request = RenditionPlan.SessionRequest(options);
        var delay = environment.SessionRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.CreateSessionAsync(request, stop);
            }
            catch (IngestException ex) when (ex.IsTransient && attempt < environment.SessionAttempts)
            {
                logger.LogWarning("Creating the session failed (attempt {Attempt}), retrying in {DelayMs} ms: {Reason}", attempt, (int)delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, environment.Time, stop);
                delay *= 2;
            }
            catch (IngestException ex) when (ex.IsTransient)
            {
                throw new IngestException(ex.Failure, ex.StatusCode, $"{ex.Message.TrimEnd('.')}. Gave up after {attempt} attempts; start the server or fix --server.", ex);
            }
        }
    }

    /// <summary>Runs encoder, uploads and status until the stream stops; returns the failure to report, or null.</summary>
    private static async Task<string?> StreamAsync(
        GoLiveOptions options,
        CliConsole console,
        GoLiveEnvironment environment,
        ILiveEncoder encoder,
        IngestClient client,
        string sessionId,
        ILoggerFactory loggers,
        DashboardFeeds feeds,
        CancellationToken stop)
    {
        var logger = loggers.CreateLogger("StreamSwarm.Broadcaster");
        var stats = new BroadcastStats(environment.Time);
        // While the dashboard owns the terminal, a printed line would tear it: notices go into it instead.
        Action<string> notice = console.IsTerminal && feeds.Warnings is { } recent ? recent.AddNotice : console.WriteLine;
        using var session = new IngestSession(
            sessionId,
            async cancellationToken =>
            {
                var id = await CreateSessionAsync(client, options, environment, logger, cancellationToken);
                notice($"The server lost the session (restarted?); continuing in a new session from the next segment.");
                return id;
            });
        var uploads = environment.Uploads with { OutageBuffer = options.OutageBuffer };
        var queues = new Dictionary<string, UploadQueue>(StringComparer.Ordinal);
        foreach (var rendition in RenditionPlan.For(options))
        {
            queues[rendition.Name] = new UploadQueue(client, session, uploads, stats, loggers.CreateLogger<UploadQueue>(), environment.Time, notice);
        }

        await using var recorder = options.RecordPath is { } recordPath
            ? new Mp4Recorder(recordPath, RenditionPlan.For(options)[0].Name, notice, loggers.CreateLogger<Mp4Recorder>())
            : null;
        var sink = new QueueSink(queues, stats, notice, recorder);
        if (!console.IsTerminal && feeds.Mixer is { } mixer)
        {
            // A capture that stops logs a warning, which the dashboard shows; without one, say it in a line.
            foreach (var input in mixer.Inputs)
            {
                input.CaptureStopped += (_, reason) => notice($"Audio {input.Description} stopped ({reason}): it is silent from now on; the broadcast goes on.");
            }
        }

        using var broadcast = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (options.Duration is { } duration)
        {
            broadcast.CancelAfter(duration);
        }

        using var uploadStop = new CancellationTokenSource();
        using var statusStop = new CancellationTokenSource();
        var view = CreateView(options, console, stats, environment, feeds);
        var statusTask = view.RunAsync(statusStop.Token);
        var consoleTask = LiveConsole.RunAsync(console, feeds, broadcast, logger, statusStop.Token);
        var uploadTasks = queues.Values.Select(q => Task.Run(() => q.RunAsync(uploadStop.Token), CancellationToken.None)).ToList();
        var uploadTask = Task.WhenAll(uploadTasks);
        var encoderTask = Task.Run(() => encoder.RunAsync(sink, broadcast.Token), CancellationToken.None);

        string? failure = null;
        var first = await Task.WhenAny(uploadTasks.Prepend(encoderTask));
        if (first != encoderTask)
        {
            // Uploads stopped while the encoder still ran: a fatal upload error.
            await broadcast.CancelAsync();
            failure = DescribeUploadFailure(first);
            foreach (var queue in queues.Values)
            {
                queue.Complete();
            }

            await ObserveAsync(encoderTask, logger, "encoder after an upload failure");
            uploadStop.CancelAfter(environment.DrainTimeout);
            await ObserveAsync(uploadTask, logger, "uploads after an upload failure");
        }
        else
        {
            failure = DescribeEncoderEnd(encoderTask, broadcast.IsCancellationRequested, logger);
            foreach (var queue in queues.Values)
            {
                queue.Complete();
            }

            uploadStop.CancelAfter(environment.DrainTimeout);
            try
            {
                await uploadTask;
            }
            catch (IngestException ex)
            {
                failure ??= ex.Message;
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Uploads did not finish within {DrainSeconds} s of the stop; {Count} pieces dropped", environment.DrainTimeout.TotalSeconds, queues.Values.Sum(q => q.Count));
            }
        }

        if (recorder is not null)
        {
            await recorder.DisposeAsync();
            if (recorder.Files.Count > 0)
            {
                console.WriteLine($"Recorded {recorder.Rendition} to {string.Join(", ", recorder.Files)}");
            }
        }

        var ended = await EndSessionAsync(client, session.Id, environment, logger);
        await statusStop.CancelAsync();
        await statusTask;
        await consoleTask;
        var s = stats.Take();
        console.WriteLine(
            $"Stream ended after {StatusFormat.Elapsed(s.Elapsed)}: {s.PartsSent} parts in {s.Segments} segment{(s.Segments == 1 ? string.Empty : "s")}, {StatusFormat.Bytes(s.BytesSent)} sent, " +
            $"{s.UploadErrors} upload errors; " + (ended ? "session ended on the server." : "could not end the session on the server (it ends after its idle timeout)."));
        return failure;
    }

    private static IStatusView CreateView(GoLiveOptions options, CliConsole console, BroadcastStats stats, GoLiveEnvironment environment, DashboardFeeds feeds)
    {
        if (!console.IsTerminal)
        {
            return new PlainStatusView(console.Out, options.Stream, stats, environment.PlainStatusInterval, environment.Time);
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) });
        return new LiveDashboardView(ansi, options.Stream, options.ServerDisplay, stats, feeds);
    }

    private static string DescribeUploadFailure(Task uploadTask) => uploadTask.Exception?.InnerException switch
    {
        IngestException ex => ex.Message,
        { } ex => $"Uploads stopped unexpectedly: {ex.Message}",
        null => "Uploads stopped before the encoder did.",
    };

    /// <summary>Null when the encoder ended because it was asked to or the source ended; otherwise what went wrong.</summary>
    private static string? DescribeEncoderEnd(Task encoderTask, bool stopRequested, ILogger logger)
    {
        if (encoderTask.IsCompletedSuccessfully)
        {
            logger.LogInformation(stopRequested ? "Encoder stopped" : "Source ended");
            return null;
        }

        var ex = encoderTask.Exception?.InnerException;
        switch (ex)
        {
            case null:
            case OperationCanceledException when stopRequested:
                logger.LogInformation("Encoder stopped");
                return null;
            case ChannelClosedException:
                // The upload loop closed the queue; its own error is reported.
                return null;
            case LiveEncoderException encoderFailure:
                logger.LogError(encoderFailure, "Encoder failed");
                return encoderFailure.Message;
            default:
                logger.LogError(ex, "Encoder failed unexpectedly");
                return $"The encoder failed unexpectedly: {ex.Message}";
        }
    }

    private static async Task ObserveAsync(Task task, ILogger logger, string what)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or LiveEncoderException or IngestException)
        {
            logger.LogInformation("Stopped {What}: {Reason}", what, ex.Message);
        }
    }

    private static async Task<bool> EndSessionAsync(IngestClient client, string sessionId, GoLiveEnvironment environment, ILogger logger)
    {
        using var timeout = new CancellationTokenSource(environment.EndSessionTimeout);
        try
        {
            await client.EndSessionAsync(sessionId, timeout.Token);
            logger.LogInformation("Session {SessionId} ended", sessionId);
            return true;
        }
        catch (Exception ex) when (ex is IngestException or OperationCanceledException)
        {
            logger.LogWarning("Could not end session {SessionId}: {Reason}", sessionId, ex.Message);
            return false;
        }
    }
}
