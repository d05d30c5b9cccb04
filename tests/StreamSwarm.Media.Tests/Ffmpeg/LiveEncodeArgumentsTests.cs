using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Media.Tests.Ffmpeg;

public class LiveEncodeArgumentsTests
{
    [Fact]
    public void Defaults_FollowTheDesignEncode()
    {
        var args = LiveEncodeArguments.Build(new LiveEncodeSettings());
        AssertPair(args, "-c:v", "libx264");
        AssertPair(args, "-preset", "veryfast");
        AssertPair(args, "-tune", "zerolatency");
        AssertPair(args, "-g", "60");
        AssertPair(args, "-keyint_min", "60");
        AssertPair(args, "-sc_threshold", "0");
        AssertPair(args, "-c:a", "aac");
        AssertPair(args, "-movflags", "empty_moov+default_base_moof+cmaf+frag_keyframe+skip_trailer");
        AssertPair(args, "-frag_duration", "500000");
        AssertPair(args, "-i", "testsrc2=size=1280x720:rate=30");
        Assert.Equal("pipe:1", args[^1]);
        Assert.Equal(2, args.Count(a => a == "-re"));
    }

    [Fact]
    public void FileSource_LoopsAndScales_AndRealtimeOffDropsRe()
    {
        var args = LiveEncodeArguments.Build(new LiveEncodeSettings
        {
            Source = new FileSource("/tmp/a b.mp4", Loop: true),
            Audio = LiveAudio.FromSource,
            Realtime = false,
            BurnInClock = false,
            Width = 640,
            Height = 360,
            FrameRate = 25,
            SegmentTarget = TimeSpan.FromSeconds(4),
        });
        AssertPair(args, "-stream_loop", "-1");
        AssertPair(args, "-i", "/tmp/a b.mp4");
        AssertPair(args, "-vf", "scale=640:360");
        AssertPair(args, "-g", "100");
        AssertPair(args, "-map", "0:a:0?");
        Assert.DoesNotContain("-re", args);
    }

    [Fact]
    public void PcmAudio_ReadsS16leFromStdin()
    {
        var args = LiveEncodeArguments.Build(new LiveEncodeSettings { Audio = LiveAudio.Pcm });
        var i = args.ToList().IndexOf("pipe:0");
        Assert.Equal(["-f", "s16le", "-ar", "48000", "-ac", "2", "-i", "pipe:0"], args.Skip(i - 7).Take(8));
        Assert.Equal(1, args.Count(a => a == "-re"));
    }

    [Fact]
    public void Clock_UsesTheEpochSecondsAndMilliseconds()
    {
        var filter = LiveEncodeArguments.ClockFilter(new LiveEncodeSettings { CaptureEpoch = DateTimeOffset.FromUnixTimeMilliseconds(1_732_512_345_250) });
        Assert.Contains(@"%{pts\:gmtime\:1732512345.250\:%H\\\:%M\\\:%S}", filter, StringComparison.Ordinal);
        Assert.Contains(@"%{eif\:mod(floor((t+0.250)*1000)\,1000)\:d\:3}", filter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClockFrame_RendersInRealFfmpeg()
    {
        var settings = new LiveEncodeSettings { Width = 320, Height = 180, CaptureEpoch = DateTimeOffset.UtcNow };
        var png = Path.Combine(Path.GetTempPath(), $"clock-{Guid.NewGuid():N}.png");
        try
        {
            await TestMedia.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-vf", LiveEncodeArguments.ClockFilter(settings), "-frames:v", "1", "-y", png);
            Assert.True(new FileInfo(png).Length > 1000);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData(15, 720, 30)]
    [InlineData(1280, 721, 30)]
    [InlineData(1280, 720, 0)]
    public void BadSettings_AreRejected(int width, int height, int fps)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LiveEncodeArguments.Build(new LiveEncodeSettings { Width = width, Height = height, FrameRate = fps }));
    }

    private static void AssertPair(IReadOnlyList<string> args, string key, string value)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == key && args[i + 1] == value)
            {
                return;
            }
        }

        Assert.Fail($"'{key} {value}' not in: {string.Join(' ', args)}");
    }
}
