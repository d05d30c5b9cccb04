using StreamSwarm.Server.Embed;

namespace StreamSwarm.Server.Tests.Embed;

public sealed class StreamPageUrlTests
{
    [Theory]
    [InlineData("http://live.example/watch/demo", "live.example", "demo")]
    [InlineData("https://live.example/embed/cam-1/", "live.example", "cam-1")]
    [InlineData("http://127.0.0.1:8080/watch/demo?t=1#x", "127.0.0.1:8080", "demo")]
    [InlineData("  HTTP://LIVE.EXAMPLE/watch/demo  ", "live.example", "demo")]
    [InlineData("https://live.example:443/watch/demo", "live.example", "demo")]
    public void StreamPages_OnThisHost_GiveTheStream(string url, string host, string stream)
    {
        Assert.True(StreamPageUrl.TryParse(url, host, out var parsed, out _));
        Assert.Equal(stream, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/watch/demo")]
    [InlineData("watch/demo")]
    [InlineData("ftp://live.example/watch/demo")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://user:pw@live.example/watch/demo")]
    [InlineData("http://[::1/watch/demo")]
    public void NotAnAbsoluteHttpUrl_IsBadRequest(string? url)
    {
        Assert.False(StreamPageUrl.TryParse(url, "live.example", out _, out var failure));
        Assert.Equal(StreamPageUrl.Failure.NotAnHttpUrl, failure);
    }

    [Theory]
    [InlineData("https://elsewhere.example/watch/demo")]
    [InlineData("https://live.example:8443/watch/demo")]
    [InlineData("https://live.example/live/demo/master.m3u8")]
    [InlineData("https://live.example/watch/")]
    [InlineData("https://live.example/watch/Demo")]
    [InlineData("https://live.example/watch/demo/extra")]
    [InlineData("https://live.example/")]
    public void OtherSitesAndPaths_AreNotOurs(string url)
    {
        Assert.False(StreamPageUrl.TryParse(url, "live.example", out _, out var failure));
        Assert.Equal(StreamPageUrl.Failure.NotOurs, failure);
    }

    [Theory]
    [InlineData(null, null, 640, 360)]
    [InlineData(320, null, 320, 180)]
    [InlineData(null, 180, 320, 180)]
    [InlineData(1920, 1080, 640, 360)]
    [InlineData(500, 200, 355, 199)]
    public void Size_Is16By9_WithinBothLimits(int? maxWidth, int? maxHeight, int width, int height)
    {
        Assert.Equal((width, height), OEmbedSize.Fit(maxWidth, maxHeight));
    }
}
