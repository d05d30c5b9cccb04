using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.Bench.Live;
using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Core.Media;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// (a) Encode speed of each ladder preset, and of the whole ladder in one process, through the
/// broadcaster's encoder (<see cref="FfmpegLiveEncoder"/>: driver, local sockets, one segmenter per
/// rendition, parts copied out as for the upload queue) beside the same ffmpeg command alone with
/// its outputs thrown away, alternating in one run, no <c>-re</c>. (b) CPU used by the broadcaster
/// process itself (user + sys of its own threads, ffmpeg excluded) while live with the ladder
/// against a real server, beside its ffmpeg child's.
/// Arguments: <c>--ladder 720p,360p</c> (default 1080p,720p,480p,360p,240p), <c>--seconds S</c>
/// (clip length, default 10), <c>--reps N</c> (default 3), <c>--live S</c> (CPU window, default 30).
/// </summary>
public sealed class LadderBench : IBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string Name => "ladder";

    public string Description => "ABR ladder encode speed through the broadcaster vs ffmpeg alone; broadcaster CPU while live";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var ladderText = StringArg(args, "--ladder", "1080p,720p,480p,360p,240p");
        var ladder = LadderPresets.TryParse(ladderText, out var error) ?? throw new ArgumentException(error);
        var seconds = IntArg(args, "--seconds", 10);
        var reps = IntArg(args, "--reps", 3);
        var liveSeconds = IntArg(args, "--live", 30);
        await output.WriteLineAsync($"Load average at start: {await LoadAverageAsync(cancellationToken)} ({Environment.ProcessorCount} cores, shared machine).");
        var choice = await H264EncoderProbe.ChooseAsync(null, null, null, cancellationToken);
        await output.WriteLineAsync($"Encoder: {choice.Reason}");
        await output.WriteLineAsync();

        var configs = new List<IReadOnlyList<LiveRendition>>();
        foreach (var preset in ladder)
        {
            configs.Add([preset]);
        }

        if (ladder.Count > 1)
        {
            configs.Add(ladder);
        }

        await output.WriteLineAsync(FormattableString.Invariant($"| (a) {seconds} s testsrc2 30 fps + tone, no -re, {reps} alternating reps | ffmpeg alone: median s (x realtime) | through FfmpegLiveEncoder: median s (x realtime) | overhead median / best | runs alone; ours (s) |"));
        await output.WriteLineAsync("|---|---:|---:|---:|---|");
        foreach (var config in configs)
        {
            var alone = new List<double>();
            var ours = new List<double>();
            for (var r = 0; r < reps; r++)
            {
                alone.Add(await TimeAloneAsync(config, choice.Encoder, seconds, cancellationToken));
                ours.Add(await TimeEncoderAsync(config, choice.Encoder, seconds, cancellationToken));
            }

            alone.Sort();
            ours.Sort();
            var (a, o) = (alone[alone.Count / 2], ours[ours.Count / 2]);
            var name = config.Count == 1 ? config[0].Name : "ladder " + string.Join('+', config.Select(c => c.Name));
            await output.WriteLineAsync(FormattableString.Invariant(
                $"| {name} | {a:F2} ({seconds / a:F2}x) | {o:F2} ({seconds / o:F2}x) | {(o - a) / a:+0.0%;-0.0%} / {(ours[0] - alone[0]) / alone[0]:+0.0%;-0.0%} | {string.Join(", ", alone.Select(x => x.ToString("F2", Inv)))}; {string.Join(", ", ours.Select(x => x.ToString("F2", Inv)))} |"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Load average after (a): {await LoadAverageAsync(cancellationToken)}.");
        await output.WriteLineAsync();
        await MeasureLiveCpuAsync(ladderText, liveSeconds, output, cancellationToken);
        return 0;
    }

    private static LiveEncodeSettings Settings(IReadOnlyList<LiveRendition> ladder, H264Encoder encoder, int seconds) => new()
    {
        Renditions = ladder,
        Encoder = encoder,
        Width = ladder[0].Width,
        Height = ladder[0].Height,
        Realtime = false,
        Duration = TimeSpan.FromSeconds(seconds),
        CaptureEpoch = DateTimeOffset.UtcNow,
        BurnInClock = File.Exists(new LiveEncodeSettings().FontFile),
    };

    /// <summary>The same command with every output drained and dropped: stdout read to nowhere, the others to /dev/null.</summary>
    private static async Task<double> TimeAloneAsync(IReadOnlyList<LiveRendition> ladder, H264Encoder encoder, int seconds, CancellationToken cancellationToken)
    {
        var outputs = new List<string> { "pipe:1" };
        for (var i = 1; i < ladder.Count; i++)
        {
            outputs.Add("/dev/null");
        }

        var info = new ProcessStartInfo(FfmpegProcess.Locate(null))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in LiveEncodeArguments.Build(Settings(ladder, encoder, seconds), outputs))
        {
            info.ArgumentList.Add(a);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited {process.ExitCode}: {await stderr}");
        }

        await stderr;
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeEncoderAsync(IReadOnlyList<LiveRendition> ladder, H264Encoder encoder, int seconds, CancellationToken cancellationToken)
    {
        var options = new GoLiveOptions
        {
            Server = new Uri("http://127.0.0.1:9"),
            Key = "bench",
            Stream = "bench",
            Source = new BroadcastSource.TestPattern(),
            Ladder = ladder,
            Encoder = encoder,
            Duration = TimeSpan.FromSeconds(seconds),
        };
        var sink = new DiscardingSink();
        var live = new FfmpegLiveEncoder(options, NullLoggerFactory.Instance) { Realtime = false };
        await live.PrepareAsync(cancellationToken);
        var watch = Stopwatch.StartNew();
        await live.RunAsync(sink, cancellationToken);
        watch.Stop();
        if (sink.Parts == 0)
        {
            throw new InvalidOperationException("the encoder made no parts");
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>The real CLI live with the ladder against a real server: CPU seconds of its own process and of its ffmpeg over a window.</summary>
    private static async Task MeasureLiveCpuAsync(string ladder, int seconds, TextWriter output, CancellationToken cancellationToken)
    {
        await using var rig = await LiveRig.StartServerAsync("bench-ladder", "bench-ladder", cancellationToken);
        await rig.StartBroadcastAsync("bench-ladder", ["--ladder", ladder]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await rig.WaitForSegmentsAsync(http, 2, TimeSpan.FromSeconds(120));
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var broadcaster = rig.Broadcaster!.Id;
        var ffmpeg = ChildNamed(broadcaster, "ffmpeg");
        var (b0, f0, w0) = (CpuSeconds(broadcaster), CpuSeconds(ffmpeg), Stopwatch.GetTimestamp());
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        var (b1, f1) = (CpuSeconds(broadcaster), CpuSeconds(ffmpeg));
        var wall = Stopwatch.GetElapsedTime(w0).TotalSeconds;
        var load = await LoadAverageAsync(cancellationToken);
        await output.WriteLineAsync(FormattableString.Invariant($"| (b) live with --ladder {ladder} for {wall:F0} s, real server on 127.0.0.1 | CPU s | % of one core |"));
        await output.WriteLineAsync("|---|---:|---:|");
        await output.WriteLineAsync(FormattableString.Invariant($"| streamswarm (dotnet) own threads: segmenting, hashing, uploads, status | {b1 - b0:F2} | {(b1 - b0) / wall:P1} |"));
        await output.WriteLineAsync(FormattableString.Invariant($"| its ffmpeg child (decode, scale, encode every rendition) | {f1 - f0:F2} | {(f1 - f0) / wall:P1} |"));
        await output.WriteLineAsync();
        await output.WriteLineAsync(FormattableString.Invariant($"The broadcaster process costs {(b1 - b0) / Math.Max(0.001, f1 - f0):P1} of what its ffmpeg does. Load average at the end: {load}."));
    }

    /// <summary>utime + stime of one process (its own threads, not its children) from /proc/PID/stat.</summary>
    private static double CpuSeconds(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), i.e. indices 11 and 12 here.
        var ticks = long.Parse(fields[11], Inv) + long.Parse(fields[12], Inv);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    private static int ChildNamed(int parent, string name)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, Inv, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                if (stat[(open + 1)..close] == name && fields[1] == parent.ToString(Inv))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return 0;
    }

    private static async Task<string> LoadAverageAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return "n/a";
        }

        var load = (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ');
        return $"{load[0]} {load[1]} {load[2]}";
    }

    private static int IntArg(IReadOnlyList<string> args, string name, int fallback)
    {
        var text = StringArg(args, name, null);
        return text is not null && int.TryParse(text, NumberStyles.Integer, Inv, out var v) && v > 0 ? v : fallback;
    }

    private static string StringArg(IReadOnlyList<string> args, string name, string? fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return fallback!;
    }

    /// <summary>Takes parts as the upload queue would (the encoder already copied them out of the pool) and drops them.</summary>
    private sealed class DiscardingSink : IEncoderSink
    {
        private long _parts;

        public long Parts => Interlocked.Read(ref _parts);

        public ValueTask OnInitSegmentAsync(string rendition, ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnPartAsync(string rendition, PartInfo part, ReadOnlyMemory<byte> body, bool discontinuity, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _parts);
            return ValueTask.CompletedTask;
        }

        public void OnSegmentCompleted(string rendition, long mediaSequence)
        {
        }

        public void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps)
        {
        }

        public void OnNotice(string message)
        {
        }
    }
}
