using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Media.Tests.Ffmpeg;

public class LiveEncodeArgumentsTests
{
    [Fact]
    public void Defaults_FollowTheDesignEncode()
    {
        var args = LiveEncodeArguments.Build(new LiveEncodeSettings());
        AssertPair(args, "-c:v", "libx264");
        AssertPair(args, "-preset:v", "veryfast");
        AssertPair(args, "-tune:v", "zerolatency");
        AssertPair(args, "-g:v", "60");
        AssertPair(args, "-keyint_min:v", "60");
        AssertPair(args, "-sc_threshold:v", "0");
        AssertPair(args, "-force_key_frames:v", "expr:gte(t,n_forced*2)");
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
        AssertPair(args, "-filter_complex", "[0:v]fps=25,scale=640:360[v0]");
        AssertPair(args, "-g:v", "100");
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

    [Fact]
    public void Ladder_OneInputSplitIntoOneEncoderPerRendition_KeyframesOnTheSameExpression()
    {
        var settings = new LiveEncodeSettings
        {
            Renditions = LadderPresets.TryParse("720p,360p", out _),
            BurnInClock = false,
            SegmentTarget = TimeSpan.FromSeconds(1.5),
        };

        var args = LiveEncodeArguments.Build(settings, ["pipe:1", "unix:/tmp/x/360p.sock"]);

        Assert.Equal(1, args.Count(a => a == "-filter_complex"));
        AssertPair(args, "-filter_complex", "[0:v]fps=30,split=2[s0][s1];[s0]scale=1280:720[v0];[s1]scale=640:360[v1]");
        AssertPair(args, "-i", "testsrc2=size=1280x720:rate=30");
        Assert.Equal(2, args.Count(a => a == "expr:gte(t,n_forced*1.5)"));
        Assert.Equal(4, args.Count(a => a == "45")); // -g:v and -keyint_min:v of each rendition
        AssertPair(args, "-b:v", "2800k");
        AssertPair(args, "-b:v", "800k");
        AssertPair(args, "-map", "[v0]");
        AssertPair(args, "-map", "[v1]");
        Assert.Equal(2, args.Count(a => a == "1:a:0"));
        Assert.Equal("unix:/tmp/x/360p.sock", args[^1]);
        Assert.Contains("pipe:1", args);
    }

    [Fact]
    public void Ladder_OutputsMustMatchRenditions()
    {
        var settings = new LiveEncodeSettings { Renditions = LadderPresets.TryParse("720p,360p", out _) };
        Assert.Throws<ArgumentException>(() => LiveEncodeArguments.Build(settings, ["pipe:1"]));
        Assert.Throws<ArgumentException>(() => LiveEncodeArguments.Build(settings with { Renditions = [LadderPresets.Find("360p")!, LadderPresets.Find("720p")!] }, ["pipe:1", "pipe:3"]));
    }

    [Theory]
    [InlineData(H264Encoder.Nvenc, "h264_nvenc", "-no-scenecut:v")]
    [InlineData(H264Encoder.Qsv, "h264_qsv", "-idr_interval:v")]
    [InlineData(H264Encoder.Vaapi, "h264_vaapi", "-vaapi_device")]
    public void HardwareEncoders_GetTheirOptions(H264Encoder encoder, string name, string option)
    {
        var args = LiveEncodeArguments.Build(new LiveEncodeSettings { Encoder = encoder, BurnInClock = false });
        AssertPair(args, "-c:v", name);
        Assert.Contains(option, args);
        Assert.DoesNotContain("libx264", args);
    }

    [Fact]
    public async Task Probe_HereFallsBackToLibx264_AndSaysWhy()
    {
        // The build machines have no GPU: Debian's ffmpeg lists the hardware encoders but they fail their test encode.
        var choice = await H264EncoderProbe.ChooseAsync(null, requested: null);
        Assert.Equal(H264Encoder.Libx264, choice.Encoder);
        Assert.StartsWith("libx264 (no working hardware encoder: ", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("h264_nvenc", choice.Reason, StringComparison.Ordinal);

        var asked = await Assert.ThrowsAsync<InvalidOperationException>(() => H264EncoderProbe.ChooseAsync(null, H264Encoder.Nvenc));
        Assert.Contains("Use --encoder auto or libx264", asked.Message, StringComparison.Ordinal);
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
