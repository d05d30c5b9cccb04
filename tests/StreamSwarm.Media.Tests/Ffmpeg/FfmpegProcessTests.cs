using System.Collections.Concurrent;
using System.Diagnostics;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Media.Tests.Ffmpeg;

public class FfmpegProcessTests
{
    [Fact]
    public void MissingBinaryAtPath_IsFfmpegNotFound_WithInstallHint()
    {
        var process = new FfmpegProcess(["-version"], new FfmpegProcessOptions { ExecutablePath = "/nonexistent/bin/ffmpeg" });
        var ex = Assert.Throws<FfmpegNotFoundException>(process.Start);
        Assert.Contains("apt-get install ffmpeg", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingBinaryOnPath_IsFfmpegNotFound()
    {
        var ex = Assert.Throws<FfmpegNotFoundException>(() => FfmpegProcess.Locate("ffmpeg-that-does-not-exist"));
        Assert.Contains("apt-get install ffmpeg", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FfmpegOnPath_IsFound()
    {
        Assert.True(File.Exists(FfmpegProcess.Locate(null)));
    }

    [Fact]
    public async Task NonZeroExit_IsFfmpegExitException_WithStderrTail()
    {
        await using var process = new FfmpegProcess(["-hide_banner", "-i", "/nonexistent/input.mp4", "-f", "null", "-"]);
        process.Start();
        await TestMedia.ReadToEndAsync(process.Output);
        var ex = await Assert.ThrowsAsync<FfmpegExitException>(() => process.WaitForExitAsync());
        Assert.NotEqual(0, ex.ExitCode);
        Assert.Contains(ex.StderrTail, l => l.Contains("No such file or directory", StringComparison.Ordinal));
        Assert.Contains("No such file or directory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgressOutput_RaisesTypedStats()
    {
        var settings = new LiveEncodeSettings
        {
            Width = 160,
            Height = 90,
            Realtime = false,
            BurnInClock = false,
            Duration = TimeSpan.FromSeconds(4),
        };
        var stats = new ConcurrentQueue<FfmpegStats>();
        await using var process = new FfmpegProcess(LiveEncodeArguments.Build(settings));
        process.StatsReceived += (_, s) => stats.Enqueue(s);
        process.Start();
        var bytes = await TestMedia.ReadToEndAsync(process.Output);
        await process.WaitForExitAsync();

        Assert.NotEmpty(bytes);
        Assert.NotEmpty(stats);
        var last = stats.Last();
        Assert.Equal(120, last.Frame);
        Assert.InRange(last.OutTime.TotalSeconds, 3.9, 4.1);
        Assert.True(last.Speed > 0);
        Assert.True(last.BitrateKbps > 0);
        Assert.Equal(last, process.LastStats);
    }

    [Fact]
    public async Task Stop_SendsQ_AndEndsARealtimeEncodeCleanly()
    {
        var settings = new LiveEncodeSettings { Width = 160, Height = 90, BurnInClock = false };
        await using var process = new FfmpegProcess(LiveEncodeArguments.Build(settings), new FfmpegProcessOptions { StopGracePeriod = TimeSpan.FromSeconds(10) });
        process.Start();
        var reading = TestMedia.ReadToEndAsync(process.Output);
        await Task.Delay(1500);
        var watch = Stopwatch.StartNew();
        await process.StopAsync();
        var bytes = await reading;
        await process.WaitForExitAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"stop took {watch.Elapsed}");
        Assert.True(process.HasExited);
        Assert.True(bytes.Length > 1000);
    }

    [Fact]
    public async Task Dispose_KillsAnEncodeThatIgnoresStop()
    {
        // Nobody reads stdout: ffmpeg blocks on a full pipe and cannot act on 'q', so the grace period ends in a kill.
        var settings = new LiveEncodeSettings { Width = 640, Height = 360, Realtime = false, BurnInClock = false };
        var process = new FfmpegProcess(LiveEncodeArguments.Build(settings), new FfmpegProcessOptions { StopGracePeriod = TimeSpan.FromMilliseconds(500) });
        process.Start();
        var pid = process.ProcessId;
        await Task.Delay(1000);
        var watch = Stopwatch.StartNew();
        await process.DisposeAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {watch.Elapsed}");
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task Stop_WithPcmOnStdin_EndsALavfiVideoEncodeWithoutAKill()
    {
        // Closing stdin ends the audio input only; the test pattern would run on without SIGINT.
        var settings = new LiveEncodeSettings { Width = 160, Height = 90, BurnInClock = false, Audio = LiveAudio.Pcm };
        await using var process = new FfmpegProcess(
            LiveEncodeArguments.Build(settings),
            new FfmpegProcessOptions { StdinIsMediaInput = true, StopGracePeriod = TimeSpan.FromSeconds(60) });
        process.Start();
        var reading = TestMedia.ReadToEndAsync(process.Output);
        var second = new byte[48000 * 4];
        for (var i = 0; i < 2; i++)
        {
            await process.Input!.WriteAsync(second);
        }

        var watch = Stopwatch.StartNew();
        await process.StopAsync();
        var bytes = await reading;
        await process.WaitForExitAsync();

        Assert.True(process.HasExited);
        Assert.False(process.WasKilled, $"ffmpeg ignored the stop and was killed after {watch.Elapsed}");
        Assert.True(bytes.Length > 1000);
    }

    [Fact]
    public async Task OutputSocket_CarriesASecondOutputOfTheSameProcess()
    {
        var dir = Directory.CreateTempSubdirectory("ffmpeg-socket-test-").FullName;
        try
        {
            var settings = new LiveEncodeSettings
            {
                Renditions = LadderPresets.TryParse("360p,240p", out _),
                BurnInClock = false,
                Realtime = false,
                Duration = TimeSpan.FromSeconds(2),
            };
            await using var socket = FfmpegOutputSocket.Listen(dir, "240p");
            await using var process = new FfmpegProcess(LiveEncodeArguments.Build(settings, ["pipe:1", socket.Url]));
            process.Start();
            var first = TestMedia.ReadToEndAsync(process.Output);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var reader = await socket.AcceptAsync(64 * 1024, timeout.Token);
            var second = await TestMedia.ReadToEndAsync(reader);
            await process.WaitForExitAsync(timeout.Token);

            Assert.StartsWith(OperatingSystem.IsWindows() ? "tcp://127.0.0.1:" : "unix:", socket.Url, StringComparison.Ordinal);
            var top = StreamSwarm.Media.Fmp4.InitSegmentParser.Parse(Init(await first));
            var low = StreamSwarm.Media.Fmp4.InitSegmentParser.Parse(Init(second));
            Assert.Equal((640, 360), (top.Width, top.Height));
            Assert.Equal((426, 240), (low.Width, low.Height));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>ftyp + moov at the start of an fMP4 stream.</summary>
    private static byte[] Init(byte[] stream)
    {
        var length = 0;
        for (var i = 0; i < 2; i++)
        {
            length += (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(stream.AsSpan(length));
        }

        return stream[..length];
    }
}
