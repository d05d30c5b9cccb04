using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Tests.Embed;

/// <summary><c>/oembed</c>, <c>/embed/{stream}</c> and <c>/docs/embed</c> on real Kestrel.</summary>
public sealed class OEmbedEndpointTests : IAsyncLifetime
{
    private const string Key = "oembed-test-key-0123456789";
    private WebApplication? _app;
    private Uri _base = new("http://127.0.0.1/");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        (_app, _base) = await StreamSwarmServer.StartAsync(
        [
            "--urls", "http://127.0.0.1:0", "--StreamSwarm:Keys:0:Stream=show", $"--StreamSwarm:Keys:0:Key={Key}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, "/api/ingest/show/sessions"))
        {
            Content = JsonContent.Create(new
            {
                renditions = new[] { new { name = "main", bandwidth = 800_000, width = 640, height = 360, frameRate = 30 } },
                targetSegmentSeconds = 2.0,
                partTargetSeconds = 0.5,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _http.Dispose();
    }

    private string Watch(string stream) => Uri.EscapeDataString(new Uri(_base, $"/watch/{stream}").ToString());

    [Fact]
    public async Task WatchPage_CarriesAnOEmbedDiscoveryLink_ThatAnswers()
    {
        var html = await _http.GetStringAsync(new Uri(_base, "/watch/show"));
        var match = System.Text.RegularExpressions.Regex.Match(html, "<link rel=\"alternate\" type=\"application/json\\+oembed\" href=\"([^\"]+)\" title=\"([^\"]+)\">");
        Assert.True(match.Success, html);
        Assert.True(match.Index < html.IndexOf("</head>", StringComparison.Ordinal));
        var href = System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
        Assert.Equal("show — live on StreamSwarm", System.Net.WebUtility.HtmlDecode(match.Groups[2].Value));
        Assert.Equal(new Uri(_base, $"/oembed?url={Watch("show")}&format=json").ToString(), href);

        using var response = await _http.GetAsync(new Uri(href));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("/embed/show", body.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchUrl_OfAKnownStream_GivesAVideoWithAnIframe()
    {
        using var response = await _http.GetAsync(new Uri(_base, $"/oembed?url={Watch("show")}&format=json&maxwidth=480"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("1.0", body.GetProperty("version").GetString());
        Assert.Equal("video", body.GetProperty("type").GetString());
        Assert.Equal(480, body.GetProperty("width").GetInt32());
        Assert.Equal(270, body.GetProperty("height").GetInt32());
        var html = body.GetProperty("html").GetString()!;
        Assert.StartsWith($"<iframe src=\"{new Uri(_base, "/embed/show")}\" width=\"480\" height=\"270\"", html, StringComparison.Ordinal);
        Assert.Contains("allowfullscreen", html, StringComparison.Ordinal);
        Assert.Equal("StreamSwarm", body.GetProperty("provider_name").GetString());
    }

    [Theory]
    [InlineData("format=xml", HttpStatusCode.NotImplemented)]
    [InlineData("format=yaml", HttpStatusCode.NotImplemented)]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("url=", HttpStatusCode.BadRequest)]
    [InlineData("url=%2Fwatch%2Fshow", HttpStatusCode.BadRequest)]
    [InlineData("url=javascript%3Aalert(1)", HttpStatusCode.BadRequest)]
    [InlineData("url=https%3A%2F%2Felsewhere.example%2Fwatch%2Fshow", HttpStatusCode.NotFound)]
    [InlineData("maxwidth=wide", HttpStatusCode.BadRequest)]
    [InlineData("maxheight=-5", HttpStatusCode.BadRequest)]
    [InlineData("maxwidth=99999", HttpStatusCode.BadRequest)]
    public async Task BadRequests_GetTheSpecStatus(string query, HttpStatusCode expected)
    {
        var q = query.StartsWith("url=", StringComparison.Ordinal) || query.Length == 0 ? query : $"url={Watch("show")}&{query}";
        using var response = await _http.GetAsync(new Uri(_base, $"/oembed?{q}"));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownStream_IsNotFound()
    {
        using var response = await _http.GetAsync(new Uri(_base, $"/oembed?url={Watch("nobody")}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task EmbedPage_ForAValidName_AndDocsPage_AreServed()
    {
        using var embed = await _http.GetAsync(new Uri(_base, "/embed/not-live-yet"));
        Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
        Assert.Contains("/dist/embed.js", await embed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var bad = await _http.GetAsync(new Uri(_base, "/embed/Bad%20Name"));
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        using var docs = await _http.GetAsync(new Uri(_base, "/docs/embed"));
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("stream-swarm-player", await docs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
