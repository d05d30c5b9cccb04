using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Media.Segmenting;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// (a) fMP4 box reading and segmenting (with per-part and per-segment SHA-256) over a real 720p CMAF
/// stream held in memory, beside plain SHA-256 of the same bytes; (b) a file encode without -re by
/// ffmpeg alone (stdout drained) versus through FfmpegProcess + Segmenter, alternating, same run.
/// Arguments: <c>--reps N</c> (encode repetitions per side, default 3), <c>--seconds S</c> (length of
/// the in-memory stream, default 60).
/// </summary>
public sealed class MediaBench : IBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public string Name => "media";

    public string Description => "fMP4 reader + segmenter + hashing MB/s vs plain SHA-256; ffmpeg encode speed alone vs through driver + segmenter";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var reps = IntArg(args, "--reps", 3);
        var seconds = IntArg(args, "--seconds", 60);
        if (File.Exists("/proc/loadavg"))
        {
            // Encode timings on a shared 2-core machine swing with other work; say how busy it was.
            var load = (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ');
            await output.WriteLineAsync($"Load average at start: {load[0]} {load[1]} {load[2]} ({Environment.ProcessorCount} cores).");
        }

        await output.WriteLineAsync($"Encoding {seconds} s of 1280x720 30 fps testsrc2 + tone (2500k, CMAF, not realtime) into memory...");
        var streamWatch = Stopwatch.StartNew();
        var stream = await EncodeToMemoryAsync(seconds, cancellationToken);
        streamWatch.Stop();
        var mb = stream.Length / 1e6;
        await output.WriteLineAsync(FormattableString.Invariant($"{mb:F1} MB in {streamWatch.Elapsed.TotalSeconds:F1} s."));
        await output.WriteLineAsync();

        var budget = TimeSpan.FromSeconds(3);
        var boxOnly = Measure(budget, () => CountBoxes(stream));
        var segmenting = Measure(budget, () => SegmentAsync(stream, cancellationToken).GetAwaiter().GetResult());
        var sha = Measure(budget, () => SHA256.HashData(stream).Length);

        await output.WriteLineAsync("| (a) in-memory CMAF stream | MB/s | vs SHA-256 |");
        await output.WriteLineAsync("|---|---:|---:|");
        await output.WriteLineAsync(Row("plain SHA-256 of the bytes", mb / sha, 1));
        await output.WriteLineAsync(Row("box reader alone (top-level headers; payload bytes not touched)", mb / boxOnly, sha / boxOnly));
        await output.WriteLineAsync(Row("box reader + segmenter + part & segment SHA-256", mb / segmenting, sha / segmenting));
        await output.WriteLineAsync();

        var samples = await LocateSamplesAsync(cancellationToken);
        var file = Path.Combine(samples, "long.mp4");
        var settings = new LiveEncodeSettings
        {
            Source = new FileSource(file),
            Audio = LiveAudio.FromSource,
            Width = 640,
            Height = 360,
            VideoBitrateKbps = 1000,
            Realtime = false,
            CaptureEpoch = DateTimeOffset.UtcNow,
        };
        var arguments = LiveEncodeArguments.Build(settings);
        const double clipSeconds = 60;
        var direct = new List<double>();
        var ours = new List<double>();
        for (var r = 0; r < reps; r++)
        {
            direct.Add(await TimeDirectAsync(arguments, cancellationToken));
            ours.Add(await TimeThroughSegmenterAsync(arguments, cancellationToken));
        }

        direct.Sort();
        ours.Sort();
        var directMedian = direct[direct.Count / 2];
        var oursMedian = ours[ours.Count / 2];
        await output.WriteLineAsync(FormattableString.Invariant($"| (b) encode media-samples/out/long.mp4 (60 s 640x360 -> 640x360 1000k + AAC, no -re, clock burned in), {reps} alternating reps | median wall s | speed (x realtime) | all runs (s) |"));
        await output.WriteLineAsync("|---|---:|---:|---|");
        await output.WriteLineAsync(EncodeRow("ffmpeg alone, stdout drained", directMedian, clipSeconds, direct));
        await output.WriteLineAsync(EncodeRow("ffmpeg via FfmpegProcess + Segmenter", oursMedian, clipSeconds, ours));
        await output.WriteLineAsync();
        await output.WriteLineAsync(FormattableString.Invariant($"Segmenting throughput is {mb / segmenting / (mb / sha):P0} of plain SHA-256 (it hashes every byte twice: part and segment)."));
        await output.WriteLineAsync(FormattableString.Invariant($"Driver + segmenter overhead on encode wall time: {(oursMedian - directMedian) / directMedian:+0.0%;-0.0%} (median vs median; best vs best {(ours[0] - direct[0]) / direct[0]:+0.0%;-0.0%})."));
        return 0;
    }

    private static async Task<byte[]> EncodeToMemoryAsync(int seconds, CancellationToken cancellationToken)
    {
        var settings = new LiveEncodeSettings { Realtime = false, Duration = TimeSpan.FromSeconds(seconds), CaptureEpoch = DateTimeOffset.UtcNow };
        await using var ffmpeg = new FfmpegProcess(LiveEncodeArguments.Build(settings));
        ffmpeg.Start();
        using var ms = new MemoryStream();
        var reader = ffmpeg.Output;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                ms.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await ffmpeg.WaitForExitAsync(cancellationToken);
        return ms.ToArray();
    }

    private static int CountBoxes(byte[] stream)
    {
        var buffer = new ReadOnlySequence<byte>(stream);
        var count = 0;
        while (Fmp4BoxReader.TryReadBox(ref buffer, Fmp4BoxReader.DefaultMaxBoxSize, out _, out _))
        {
            count++;
        }

        return count;
    }

    private static async Task<int> SegmentAsync(byte[] stream, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(new MemoryStream(stream, writable: false), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var count = 0;
        await foreach (var item in new Segmenter(new SegmenterOptions()).ReadAsync(reader, cancellationToken))
        {
            if (item is MediaPart part)
            {
                count++;
                part.Dispose();
            }
        }

        await reader.CompleteAsync();
        return count;
    }

    /// <summary>Seconds per run: repeats <paramref name="run"/> (after one warm-up) until <paramref name="budget"/> is spent.</summary>
    private static double Measure(TimeSpan budget, Func<int> run)
    {
        run();
        var runs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < budget || runs < 3)
        {
            run();
            runs++;
        }

        return watch.Elapsed.TotalSeconds / runs;
    }

    private static async Task<double> TimeDirectAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(FfmpegProcess.Locate(null))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
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

    private static async Task<double> TimeThroughSegmenterAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var ffmpeg = new FfmpegProcess(arguments);
        ffmpeg.Start();
        await foreach (var item in new Segmenter(new SegmenterOptions()).ReadAsync(ffmpeg.Output, cancellationToken))
        {
            if (item is MediaPart part)
            {
                part.Dispose();
            }
        }

        await ffmpeg.WaitForExitAsync(cancellationToken);
        watch.Stop();
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<string> LocateSamplesAsync(CancellationToken cancellationToken)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                var script = Path.Combine(dir, "media-samples", "make-samples.sh");
                if (!File.Exists(script))
                {
                    continue;
                }

                var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
                info.ArgumentList.Add(script);
                using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
                await process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{script} exited {process.ExitCode}");
                }

                return Path.Combine(dir, "media-samples", "out");
            }
        }

        throw new FileNotFoundException("media-samples/make-samples.sh not found above the current directory; run the bench from the repository.");
    }

    private static int IntArg(IReadOnlyList<string> args, string name, int fallback)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name && int.TryParse(args[i + 1], NumberStyles.Integer, Inv, out var v) && v > 0)
            {
                return v;
            }
        }

        return fallback;
    }

    private static string Row(string what, double mbPerSecond, double ratio) =>
        FormattableString.Invariant($"| {what} | {mbPerSecond:F0} | {ratio:F2} |");

    private static string EncodeRow(string what, double seconds, double clipSeconds, List<double> all)
    {
        var runs = new List<string>(all.Count);
        foreach (var s in all)
        {
            runs.Add(s.ToString("F2", Inv));
        }

        return FormattableString.Invariant($"| {what} | {seconds:F2} | {clipSeconds / seconds:F1} | {string.Join(", ", runs)} |");
    }
}
