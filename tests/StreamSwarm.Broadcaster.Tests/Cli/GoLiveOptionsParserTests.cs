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
}
