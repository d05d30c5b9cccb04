using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Media.Tests.Ffmpeg;

public class FfmpegStatsParserTests
{
    [Fact]
    public void ProgressBlock_YieldsOneReportAtProgressLine()
    {
        var parser = new FfmpegStatsParser();
        string[] lines =
        [
            "frame=150", "fps=29.97", "stream_0_0_q=28.0", "bitrate=1677.7kbits/s", "total_size=1048576",
            "out_time_us=5000000", "out_time_ms=5000000", "out_time=00:00:05.000000", "dup_frames=0",
            "drop_frames=0", "speed=9.12x",
        ];
        foreach (var line in lines)
        {
            Assert.False(parser.TryAccept(line, out _));
        }

        Assert.True(parser.TryAccept("progress=continue", out var stats));
        Assert.Equal(new FfmpegStats(150, 29.97, 1677.7, 9.12, TimeSpan.FromSeconds(5)), stats);
    }

    [Fact]
    public void ClassicStatusLine_IsParsed()
    {
        var parser = new FfmpegStatsParser();
        Assert.True(parser.TryAccept("frame=  300 fps= 61 q=-1.0 Lsize=    2345kB time=00:01:02.50 bitrate= 307.4kbits/s speed=2.05x    ", out var stats));
        Assert.Equal(new FfmpegStats(300, 61, 307.4, 2.05, TimeSpan.FromSeconds(62.5)), stats);
    }

    [Fact]
    public void NotAvailableValues_AreZero()
    {
        var parser = new FfmpegStatsParser();
        foreach (var line in new[] { "frame=0", "fps=0.00", "bitrate=N/A", "out_time_us=N/A", "out_time=-577014:32:22.775808", "speed=N/A" })
        {
            parser.TryAccept(line, out _);
        }

        Assert.True(parser.TryAccept("progress=continue", out var stats));
        Assert.Equal(default, stats);
    }

    [Theory]
    [InlineData("Input #0, lavfi, from 'testsrc2':")]
    [InlineData("[libx264 @ 0x55] using cpu capabilities: MMX2 SSE2Fast")]
    [InlineData("progress=end")]
    [InlineData("")]
    [InlineData("=")]
    [InlineData("frame=")]
    public void OtherLines_AreNotReports(string line)
    {
        Assert.False(new FfmpegStatsParser().TryAccept(line, out _));
    }
}
