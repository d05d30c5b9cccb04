using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests.Cli;

public sealed class GoLiveOptionsParserTests
{
    private static GoLiveOptionsParser.Raw Valid() =>
        new("http://127.0.0.1:8080", "k3y", "demo", "testsrc", false, null, null, null, null, null, null, null);

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        Assert.True(GoLiveOptionsParser.TryParse(Valid(), out var options, out var error), error);
        Assert.Equal(1280, options!.Width);
        Assert.Equal(720, options.Height);
        Assert.Equal(30, options.FrameRate);
        Assert.Equal(2_500_000, options.VideoBitrate);
        Assert.Equal(2.0, options.SegmentSeconds);
        Assert.Equal(0.5, options.PartSeconds);
        Assert.Null(options.Duration);
        Assert.IsType<BroadcastSource.TestPattern>(options.Source);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/watch/demo")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/watch/demo")]
    [InlineData("https://live.example/base/", "https://live.example/base/watch/demo")]
    public void WatchUrl_AppendsToTheServerPath(string server, string expected)
    {
        Assert.True(GoLiveOptionsParser.TryParse(Valid() with { Server = server }, out var options, out var error), error);
        Assert.Equal(expected, options!.WatchUrl.ToString());
    }

    [Theory]
    [InlineData("2500k", 2_500_000)]
    [InlineData("2.5M", 2_500_000)]
    [InlineData("800000", 800_000)]
    [InlineData("100k", 100_000)]
    public void Bitrate_AcceptsSuffixes(string text, long expected)
    {
        Assert.Null(GoLiveOptionsParser.TryParseBitrate(text, out var bits));
        Assert.Equal(expected, bits);
    }

    [Theory]
    [InlineData("server", "ftp://x", "Bad server URL")]
    [InlineData("server", "127.0.0.1:8080", "Bad server URL")]
    [InlineData("server", "not a url", "Bad server URL")]
    [InlineData("server", "http://h/?a=1", "leave out the query")]
    [InlineData("key", "", "Missing --key")]
    [InlineData("key", "has space", "Bad --key")]
    [InlineData("stream", "Demo", "Stream name 'Demo' is invalid")]
    [InlineData("source", "webcam", "Unknown source 'webcam'")]
    [InlineData("source", "file:", "Missing file path")]
    [InlineData("source", "file:/no/such/file.mp4", "does not exist")]
    [InlineData("size", "1280", "Bad --size")]
    [InlineData("size", "1281x720", "both even")]
    [InlineData("size", "0x0", "Bad --size")]
    [InlineData("fps", "0", "Bad --fps")]
    [InlineData("fps", "abc", "Bad --fps")]
    [InlineData("bitrate", "fast", "Bad --bitrate")]
    [InlineData("bitrate", "10", "100k to 50M")]
    [InlineData("segment", "20", "Bad --segment")]
    [InlineData("part", "0.05", "Bad --part")]
    [InlineData("part", "1.5", "longer than --segment")]
    [InlineData("duration", "-1", "Bad --duration")]
    public void BadValue_FailsWithOneSentenceNamingTheProblem(string option, string value, string expected)
    {
        var raw = option switch
        {
            "server" => Valid() with { Server = value },
            "key" => Valid() with { Key = value },
            "stream" => Valid() with { Stream = value },
            "source" => Valid() with { Source = value },
            "size" => Valid() with { Size = value },
            "fps" => Valid() with { Fps = value },
            "bitrate" => Valid() with { Bitrate = value },
            "segment" => Valid() with { Segment = value },
            "part" => Valid() with { Part = value, Segment = "1.0" },
            "duration" => Valid() with { Duration = value },
            _ => throw new ArgumentException(option),
        };

        Assert.False(GoLiveOptionsParser.TryParse(raw, out var options, out var error));
        Assert.Null(options);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error!);
    }

    [Fact]
    public void Loop_WithTestPattern_IsRejected()
    {
        Assert.False(GoLiveOptionsParser.TryParse(Valid() with { Loop = true }, out _, out var error));
        Assert.Contains("--loop applies to file sources only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSource_WithLoop_KeepsTheFullPath()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, [0, 0, 0, 8, (byte)'f', (byte)'t', (byte)'y', (byte)'p']);
            Assert.True(GoLiveOptionsParser.TryParse(Valid() with { Source = "file:" + file, Loop = true }, out var options, out var error), error);
            var source = Assert.IsType<BroadcastSource.File>(options!.Source);
            Assert.Equal(Path.GetFullPath(file), source.Path);
            Assert.True(source.Loop);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FileSource_Directory_IsRejected()
    {
        Assert.False(GoLiveOptionsParser.TryParse(Valid() with { Source = "file:" + Path.GetTempPath() }, out _, out var error));
        Assert.Contains("is a directory", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("720p,360p", "720p,360p")]
    [InlineData("240p, 1080P ,480p", "1080p,480p,240p")]
    public void Ladder_IsParsedTopFirst(string text, string expected)
    {
        Assert.True(GoLiveOptionsParser.TryParse(Valid() with { Ladder = text }, out var options, out var error), error);
        Assert.Equal(expected, string.Join(',', options!.Ladder!.Select(r => r.Name)));
        Assert.All(options.Ladder!, r => Assert.True(r.Width % 2 == 0 && r.Height % 2 == 0));
    }

    [Theory]
    [InlineData("1280x720", null, "--ladder 720p,360p conflicts with --size 1280x720: the ladder's presets set each rendition's size and bitrate; drop it, or drop --ladder for one rendition.")]
    [InlineData(null, "2500k", "--ladder 720p,360p conflicts with --bitrate 2500k: the ladder's presets set each rendition's size and bitrate; drop it, or drop --ladder for one rendition.")]
    [InlineData("640x360", "800k", "--ladder 720p,360p conflicts with --size 640x360 and --bitrate 800k: the ladder's presets set each rendition's size and bitrate; drop them, or drop --ladder for one rendition.")]
    public void LadderWithSizeOrBitrate_IsAConflictNamedInOneSentence(string? size, string? bitrate, string expected)
    {
        Assert.False(GoLiveOptionsParser.TryParse(Valid() with { Ladder = "720p,360p", Size = size, Bitrate = bitrate }, out var options, out var error));

        Assert.Null(options);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("4k", "Unknown ladder preset '4k'")]
    [InlineData("720p,,360p", "Bad --ladder")]
    [InlineData("", "Bad --ladder")]
    [InlineData("720p,720p", "listed twice")]
    public void BadLadder_SaysWhatToDo(string text, string expected)
    {
        Assert.False(GoLiveOptionsParser.TryParse(Valid() with { Ladder = text }, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("e.g. --ladder 720p,360p", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auto", null)]
    [InlineData("libx264", StreamSwarm.Media.Ffmpeg.H264Encoder.Libx264)]
    [InlineData("nvenc", StreamSwarm.Media.Ffmpeg.H264Encoder.Nvenc)]
    [InlineData("h264_vaapi", StreamSwarm.Media.Ffmpeg.H264Encoder.Vaapi)]
    public void Encoder_IsParsed(string text, StreamSwarm.Media.Ffmpeg.H264Encoder? expected)
    {
        Assert.True(GoLiveOptionsParser.TryParse(Valid() with { Encoder = text }, out var options, out var error), error);
        Assert.Equal(expected, options!.Encoder);
    }

    [Theory]
    [InlineData("encoder", "x265", "Unknown --encoder 'x265'")]
    [InlineData("outage", "0", "Bad --outage-buffer")]
    [InlineData("outage", "10m", "Bad --outage-buffer")]
    [InlineData("outage", "601", "Bad --outage-buffer")]
    [InlineData("record", "show.mkv", "Bad --record")]
    [InlineData("record", "/no/such/dir/show.mp4", "does not exist")]
    public void BadResilienceAndRecordOptions_SayWhatToDo(string field, string value, string expected)
    {
        var raw = field switch
        {
            "encoder" => Valid() with { Encoder = value },
            "outage" => Valid() with { OutageBuffer = value },
            _ => Valid() with { Record = value },
        };
        Assert.False(GoLiveOptionsParser.TryParse(raw, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void OutageBuffer_AcceptsSecondsWithOrWithoutSuffix()
    {
        Assert.True(GoLiveOptionsParser.TryParse(Valid() with { OutageBuffer = "45s" }, out var options, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(45), options!.OutageBuffer);
        Assert.True(GoLiveOptionsParser.TryParse(Valid(), out options, out _));
        Assert.Equal(TimeSpan.FromSeconds(30), options!.OutageBuffer);
    }

    [Fact]
    public void Record_RefusesToOverwrite()
    {
        var existing = Path.GetTempFileName() + ".mp4";
        File.WriteAllText(existing, "x");
        try
        {
            Assert.False(GoLiveOptionsParser.TryParse(Valid() with { Record = existing }, out _, out var error));
            Assert.Contains("already exists", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(existing);
        }
    }
}
