using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using StreamSwarm.Server.Tests.Support;

namespace StreamSwarm.Server.Tests.Ingest;

/// <summary>A broadcast uploaded to a real server and read back over LL-HLS, on 127.0.0.1.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class IngestAndOriginTests(LiveServer server)
{
    [Fact]
    public async Task UploadedBroadcast_IsServedAsLlHls_AndEndsWithEndlist()
    {
        var clip = await CmafClip.GetAsync();
        var session = await server.StartSessionAsync("demo");
        Assert.Equal(HttpStatusCode.NoContent, (await server.PutInitAsync("demo", session, clip.Init)).StatusCode);
        foreach (var part in clip.Parts)
        {
            using var put = await server.PutPartAsync("demo", session, part);
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        using var master = await server.Http.GetAsync("/live/demo/master.m3u8");
        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", master.Headers.CacheControl?.ToString());
        var masterText = await master.Content.ReadAsStringAsync();
        Assert.Contains("CODECS=\"avc1.", masterText, StringComparison.Ordinal);
        Assert.Contains(",mp4a.40.2\"", masterText, StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=320x180", masterText, StringComparison.Ordinal);

        var playlist = await server.Http.GetStringAsync("/live/demo/main/index.m3u8");
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PART:", playlist, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PRELOAD-HINT:TYPE=PART", playlist, StringComparison.Ordinal);
        Assert.Contains("\n0.m4s\n", playlist, StringComparison.Ordinal);

        // A part and a whole segment come back byte for byte, with media headers.
        var first = clip.Parts[0];
        using var part0 = await server.Http.GetAsync("/live/demo/main/0.0.m4s");
        Assert.Equal("video/iso.segment", part0.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", part0.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal(first.Bytes, await part0.Content.ReadAsByteArrayAsync());
        var segment0 = clip.Parts.Where(p => p.Msn == 0).SelectMany(p => p.Bytes).ToArray();
        Assert.Equal(SHA256.HashData(segment0), SHA256.HashData(await server.Http.GetByteArrayAsync("/live/demo/main/0.m4s")));
        Assert.Equal(clip.Init, await server.Http.GetByteArrayAsync("/live/demo/main/init.mp4"));

        // CORS for embedding, HEAD without a body.
        using var cors = new HttpRequestMessage(HttpMethod.Get, "/live/demo/main/index.m3u8");
        cors.Headers.Add("Origin", "http://embedder.example");
        using var corsResponse = await server.Http.SendAsync(cors);
        Assert.Equal("*", corsResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var head = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/live/demo/main/0.0.m4s"));
        Assert.Equal(first.Bytes.Length, head.Content.Headers.ContentLength);

        using var end = await server.SendAsync(HttpMethod.Delete, $"/api/ingest/demo/sessions/{session}", LiveServer.Key);
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        var ended = await server.Http.GetStringAsync("/live/demo/main/index.m3u8");
        Assert.EndsWith("#EXT-X-ENDLIST\n", ended, StringComparison.Ordinal);
        Assert.DoesNotContain("PRELOAD-HINT", ended, StringComparison.Ordinal);

        var streams = await server.Http.GetFromJsonAsync<List<Dictionary<string, object>>>("/api/streams");
        Assert.Contains(streams!, s => s["name"].ToString() == "demo");
    }

    [Fact]
    public async Task BlockingReload_AndThePreloadHintedPart_AnswerWhenThePartArrives()
    {
        var clip = await CmafClip.GetAsync();
        var session = await server.StartSessionAsync("blocking");
        await server.PutInitAsync("blocking", session, clip.Init);
        await server.PutPartAsync("blocking", session, clip.Parts[0]);
        await server.PutPartAsync("blocking", session, clip.Parts[1]);

        var playlist = server.Http.GetStringAsync("/live/blocking/main/index.m3u8?_HLS_msn=0&_HLS_part=2");
        var hinted = server.Http.GetByteArrayAsync("/live/blocking/main/0.2.m4s");
        await Task.Delay(300);
        Assert.False(playlist.IsCompleted, "the blocking reload answered before the part existed");
        Assert.False(hinted.IsCompleted, "the preload-hinted part answered before it existed");

        using var put = await server.PutPartAsync("blocking", session, clip.Parts[2]);
        Assert.Contains("URI=\"0.2.m4s\"", await playlist.WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        Assert.Equal(clip.Parts[2].Bytes, await hinted.WaitAsync(TimeSpan.FromSeconds(5)));
        await server.SendAsync(HttpMethod.Delete, $"/api/ingest/blocking/sessions/{session}", LiveServer.Key);
    }

    [Fact]
    public async Task BadInput_IsRefusedWithTheRightStatus_AndTheStreamStaysHealthy()
    {
        var clip = await CmafClip.GetAsync();
        var session = await server.StartSessionAsync("other", LiveServer.OtherKey);
        await server.PutInitAsync("other", session, clip.Init, LiveServer.OtherKey);
        Assert.Equal(HttpStatusCode.NoContent, (await server.PutPartAsync("other", session, clip.Parts[0], LiveServer.OtherKey)).StatusCode);
        var before = await server.Http.GetStringAsync("/live/other/main/index.m3u8");

        // Wrong key, no key, and a key of another stream: 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.PutPartAsync("other", session, clip.Parts[1], "wrong-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.PutPartAsync("other", session, clip.Parts[1], LiveServer.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.SendAsync(HttpMethod.Post, "/api/ingest/other/sessions", null, JsonContent.Create(new { }))).StatusCode);

        // Oversize part: 413 (the test server allows 1 MiB).
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await server.PutPartAsync("other", session, clip.Parts[1], LiveServer.OtherKey, new byte[(1024 * 1024) + 1])).StatusCode);

        // Malformed fMP4: truncated, random bytes, an init where a part goes: 400.
        var part1 = clip.Parts[1];
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey, part1.Bytes[..(part1.Bytes.Length / 2)])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey, RandomNumberGenerator.GetBytes(4000))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey, clip.Init)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutInitAsync("other", session, part1.Bytes, LiveServer.OtherKey)).StatusCode);

        // Bad headers and a body that does not match its claimed hash: 400.
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey, tweak: r => r.Headers.Remove("X-Part-Duration"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey, tweak: r => r.Headers.Add("X-Content-SHA256", new string('0', 64)))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey, tweak: r => r.Headers.Add("X-Content-SHA256", "not-hex"))).StatusCode);

        // Out of order: 409. Unknown session: 404.
        Assert.Equal(HttpStatusCode.Conflict, (await server.PutPartAsync("other", session, clip.Parts[3], LiveServer.OtherKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.PutPartAsync("other", "no-such-session", part1, LiveServer.OtherKey)).StatusCode);

        // Nothing of that changed the stream: the playlist is as it was, and the next valid part is taken.
        Assert.Equal(before, await server.Http.GetStringAsync("/live/other/main/index.m3u8"));
        Assert.Equal(HttpStatusCode.NoContent, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.PutPartAsync("other", session, part1, LiveServer.OtherKey)).StatusCode);
        Assert.Contains("URI=\"0.1.m4s\"", await server.Http.GetStringAsync("/live/other/main/index.m3u8"), StringComparison.Ordinal);

        // A second broadcaster on the same key while the first is live: 409.
        using var second = await server.SendAsync(HttpMethod.Post, "/api/ingest/other/sessions", LiveServer.OtherKey, JsonContent.Create(new
        {
            renditions = new[] { new { name = "main", bandwidth = 800_000, width = 320, height = 180, frameRate = 30 } },
        }));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("live from another broadcaster", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Blocking reload parameters: not a number, or too far ahead: 400.
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync("/live/other/main/index.m3u8?_HLS_msn=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync("/live/other/main/index.m3u8?_HLS_msn=0&_HLS_part=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.GetAsync("/live/other/main/index.m3u8?_HLS_msn=99")).StatusCode);
        await server.SendAsync(HttpMethod.Delete, $"/api/ingest/other/sessions/{session}", LiveServer.OtherKey);
    }

    [Theory]
    [InlineData("/live/nope/master.m3u8")]
    [InlineData("/live/nope/main/index.m3u8")]
    [InlineData("/live/nope/main/0.0.m4s")]
    [InlineData("/live/Bad%20Name/master.m3u8")]
    [InlineData("/live/demo/main/notafile.txt")]
    [InlineData("/watch/Bad%20Name")]
    public async Task UnknownStreamsAndFiles_Are404(string path)
    {
        using var response = await server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"renditions":[]}""")]
    [InlineData("""{"renditions":[{"name":"Main","bandwidth":1}]}""")]
    [InlineData("""{"renditions":[{"name":"a","bandwidth":1},{"name":"a","bandwidth":1}]}""")]
    [InlineData("""{"renditions":[{"name":"a","bandwidth":0}]}""")]
    [InlineData("""{"renditions":[{"name":"a","bandwidth":1}],"targetSegmentSeconds":60}""")]
    [InlineData("""{"renditions":[{"name":"a","bandwidth":1}],"partTargetSeconds":3}""")]
    [InlineData("""not json""")]
    public async Task BadSessionRequests_Are400(string json)
    {
        using var response = await server.SendAsync(HttpMethod.Post, "/api/ingest/evict/sessions", LiveServer.Key, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthAndPages_Answer()
    {
        Assert.Equal("ok", await server.Http.GetStringAsync("/healthz"));
        using var watch = await server.Http.GetAsync("/watch/some-stream");
        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal("text/html", watch.Content.Headers.ContentType?.MediaType);
    }
}
