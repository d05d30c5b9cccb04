using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Tests.Fakes;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Tests.Broadcasting;

/// <summary>The production encoder with real ffmpeg (StreamSwarm.Media's driver and segmenter), no server.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class FfmpegLiveEncoderTests : IDisposable
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
        Assert.InRange(first.ProgramDateTime, started.AddSeconds(-1), started.AddSeconds(5));
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
