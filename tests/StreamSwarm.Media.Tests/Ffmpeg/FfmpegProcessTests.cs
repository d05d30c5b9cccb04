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
}
