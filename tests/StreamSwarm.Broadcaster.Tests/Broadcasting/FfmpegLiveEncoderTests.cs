using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Tests.Fakes;
using StreamSwarm.Core.Media;
using Xunit.Abstractions;

namespace StreamSwarm.Broadcaster.Tests.Broadcasting;

/// <summary>The production encoder with real ffmpeg (StreamSwarm.Media's driver and segmenter), no server.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class FfmpegLiveEncoderTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamswarm-encoder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static GoLiveOptions Options(BroadcastSource source) => new()
    {
        Server = new Uri("http://127.0.0.1:9"),
        Key = "k",
        Stream = "demo",
        Source = source,
        Width = 320,
        Height = 240,
        VideoBitrate = 300_000,
        SegmentSeconds = 1.0,
        PartSeconds = 0.5,
    };

    [Fact]
    public async Task TestPattern_MakesInitThenContiguousPartsStampedWithTheWallClock()
    {
        var sink = new RecordingSink { StopAfterParts = 6 };
        var encoder = new FfmpegLiveEncoder(Options(new BroadcastSource.TestPattern()), NullLoggerFactory.Instance);
        var started = DateTimeOffset.UtcNow;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(sink.Enough.Token);
        stop.CancelAfter(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.RunAsync(sink, stop.Token));

        Assert.IsType<byte[]>(sink.Items[0]);
        // Six parts asked for; the stop flushes what ffmpeg still holds.
        Assert.InRange(sink.Parts.Count, 6, 9);
        AssertContiguous(sink.Parts.Select(p => p.Info).ToList());
        var first = sink.Parts[0].Info;
        // Capture starts after the encoder probe (a few ffmpeg runs, slow on a loaded machine).
        Assert.InRange(first.ProgramDateTime, started.AddSeconds(-1), started.AddSeconds(20));
        Assert.All(sink.Parts, p => Assert.Equal(ContentHash.Of(p.Body), p.Info.Hash));
        Assert.All(sink.Parts, p => Assert.InRange(p.Info.DurationSeconds, 0.001, 1.0));
        Assert.True(sink.MaxFps > 0, "ffmpeg progress reached the sink");
    }

    [Fact]
    public async Task FileWithoutLoop_EndsWhenTheFileEnds()
    {
        var clip = await MakeClipAsync(seconds: 2);
        var sink = new RecordingSink();
        var encoder = new FfmpegLiveEncoder(Options(new BroadcastSource.File(clip, Loop: false)), NullLoggerFactory.Instance);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await encoder.RunAsync(sink, guard.Token);

        AssertContiguous(sink.Parts.Select(p => p.Info).ToList());
        Assert.InRange(sink.Parts.Sum(p => p.Info.DurationSeconds), 1.8, 2.2);
    }

    [Fact]
    public async Task NotAMediaFile_FailsWithOneLineFromFfmpeg()
    {
        var bogus = Path.Combine(_dir, "notes.mp4");
        await File.WriteAllTextAsync(bogus, "this is not a video\n");
        var encoder = new FfmpegLiveEncoder(Options(new BroadcastSource.File(bogus, Loop: false)), NullLoggerFactory.Instance);

        var ex = await Assert.ThrowsAsync<LiveEncoderException>(() => encoder.RunAsync(new RecordingSink(), CancellationToken.None));

        Assert.StartsWith("ffmpeg exited with code", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Ladder_OneFfmpeg_MakesEveryRendition_WithKeyframesAtTheSameTimes()
    {
        var options = Options(new BroadcastSource.TestPattern()) with
        {
            Ladder = StreamSwarm.Media.Ffmpeg.LadderPresets.TryParse("360p,240p", out _),
        };
        var sink = new RecordingSink { StopAfterParts = 8 };
        var encoder = new FfmpegLiveEncoder(options, NullLoggerFactory.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(sink.Enough.Token);
        stop.CancelAfter(TimeSpan.FromSeconds(60));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.RunAsync(sink, stop.Token));

        Assert.Equal(["360p", "240p"], sink.Inits.Select(i => i.Rendition).Order().Reverse());
        Assert.Contains(sink.Notices, n => n.StartsWith("Encoder: libx264", StringComparison.Ordinal));
        var top = sink.AllParts.Where(p => p.Rendition == "360p").Select(p => p.Info).ToList();
        var low = sink.AllParts.Where(p => p.Rendition == "240p").Select(p => p.Info).ToList();
        AssertContiguous(top);
        AssertContiguous(low);
        // Same capture epoch, so equal program date times are equal decode times: the segments
        // (which start at keyframes) start at the same instants in both renditions.
        var topStarts = top.Where(p => p.PartIndex == 0).Select(p => (p.MediaSequence, p.ProgramDateTime)).ToList();
        var lowStarts = low.Where(p => p.PartIndex == 0).Select(p => (p.MediaSequence, p.ProgramDateTime)).ToList();
        var common = Math.Min(topStarts.Count, lowStarts.Count);
        Assert.True(common >= 2, $"only {common} segments in both renditions");
        Assert.Equal(topStarts.Take(common), lowStarts.Take(common));
    }

    [Fact]
    public async Task FfmpegKilledMidStream_IsRestarted_NextPartsMarkedAsDiscontinuity()
    {
        var killedAt = 0L;
        var markedAt = 0L;
        var killed = 0;
        FfmpegLiveEncoder? encoder = null;
        var sink = new RecordingSink
        {
            StopAfterParts = 12,
            OnPart = part =>
            {
                if (part.Discontinuity)
                {
                    Volatile.Write(ref markedAt, Stopwatch.GetTimestamp());
                }

                if (part.Info.MediaSequence == 1 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
                    using var ffmpeg = Process.GetProcessById(encoder!.FfmpegProcessId);
                    ffmpeg.Kill();
                }
            },
        };
        encoder = new FfmpegLiveEncoder(Options(new BroadcastSource.TestPattern()), NullLoggerFactory.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(sink.Enough.Token);
        stop.CancelAfter(TimeSpan.FromSeconds(60));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.RunAsync(sink, stop.Token));

        Assert.Equal(1, encoder.Restarts);
        Assert.Equal(2, sink.Inits.Count);
        var marked = Assert.Single(sink.AllParts, p => p.Discontinuity);
        var before = sink.AllParts.TakeWhile(p => !p.Discontinuity).ToList();
        Assert.Equal(0, marked.Info.PartIndex);
        Assert.True(marked.Info.Independent);
        Assert.Equal(before.Max(p => p.Info.MediaSequence) + 1, marked.Info.MediaSequence);
        Assert.True(marked.Info.ProgramDateTime > before[^1].Info.ProgramDateTime, "program date time goes on from the wall clock");
        Assert.Contains(sink.Notices, n => n.Contains("ffmpeg stopped unexpectedly", StringComparison.Ordinal));
        var gap = TimeSpan.FromTicks((long)((Volatile.Read(ref markedAt) - Volatile.Read(ref killedAt)) * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        output.WriteLine($"kill -> first part of the new ffmpeg: {gap.TotalSeconds:0.00} s");
        // The restart itself is immediate; the first new part adds ffmpeg's start-up and one part (0.5 s). Loose for a loaded machine.
        Assert.True(gap < TimeSpan.FromSeconds(10), $"{gap.TotalSeconds:0.00} s from the kill to the next part");
    }

    private static void AssertContiguous(IReadOnlyList<PartInfo> parts)
    {
        Assert.NotEmpty(parts);
        Assert.Equal(0, parts[0].MediaSequence);
        Assert.Equal(0, parts[0].PartIndex);
        for (var i = 1; i < parts.Count; i++)
        {
            var (prev, cur) = (parts[i - 1], parts[i]);
            var next = cur.MediaSequence == prev.MediaSequence
                ? cur.PartIndex == prev.PartIndex + 1
                : cur.MediaSequence == prev.MediaSequence + 1 && cur.PartIndex == 0;
            Assert.True(next, $"part {cur.MediaSequence}.{cur.PartIndex} after {prev.MediaSequence}.{prev.PartIndex}");
            Assert.True(cur.ProgramDateTime > prev.ProgramDateTime, "program date time goes forward");
            if (cur.PartIndex == 0)
            {
                Assert.True(cur.Independent, $"segment {cur.MediaSequence} starts with a keyframe");
            }
        }
    }

    private async Task<string> MakeClipAsync(int seconds)
    {
        var path = Path.Combine(_dir, "clip.mp4");
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path,
        })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        return path;
    }
}
