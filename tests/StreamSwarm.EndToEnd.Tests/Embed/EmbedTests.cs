using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests.Embed;

/// <summary>
/// Other sites embed a live stream: the element, the iframe and the npm package, on other origins
/// than the server, against a real server, broadcaster, coturn and headless Chromium.
/// </summary>
[Collection(EmbedBroadcastCollection.Name)]
public sealed class EmbedTests(EmbedBroadcast live)
{
    private const int PlayTimeoutMs = 60_000;

    [Fact]
    public async Task ThreeWays_OnAnotherOrigin_EachPlays()
    {
        live.Sites.SetPage("/three-ways.html", EmbedPages.ThreeWays(live.Server, EmbedBroadcast.Stream));
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 1400 } });
            var errors = new List<string>();
            page.PageError += (_, e) => errors.Add(e);
            page.Console += (_, m) =>
            {
                if (m.Type == "error")
                {
                    errors.Add(m.Text);
                }
            };

            await page.GotoAsync(new Uri(live.Sites.First, "/three-ways.html").ToString());
            var frame = page.Frames.Single(f => f.Url.Contains("/embed/", StringComparison.Ordinal));
            try
            {
                await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "element", new() { Timeout = PlayTimeoutMs });
                await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "npm", new() { Timeout = PlayTimeoutMs });
                await frame.WaitForFunctionAsync(EmbedPages.FrameIsPlaying, null, new() { Timeout = PlayTimeoutMs });
            }
            catch (TimeoutException)
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "embed-three-ways-failed.png"), FullPage = true });
                var states = await page.EvaluateAsync<string>("() => JSON.stringify(['element', 'npm'].map(id => { const p = document.getElementById(id); return p && { state: p.state, stats: p.stats, t: p.shadowRoot && p.shadowRoot.querySelector('video').currentTime }; }))");
                throw new TimeoutException($"not all three play: {states}; frame events {await page.EvaluateAsync<string>("() => JSON.stringify(window.embedEvents.map(e => e.event))")}; errors: {string.Join(" | ", errors)}");
            }

            await page.WaitForFunctionAsync("() => window.embedEvents.some(e => e.event === 'playing')", null, new() { Timeout = 10_000 });

            // The npm build is its own copy under its own tag, not the script tag's element.
            Assert.True(await page.EvaluateAsync<bool>(
                "() => window.npmLoaded === true && customElements.get('app-live-player') !== customElements.get('stream-swarm-player')"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "embed-three-ways.png"), FullPage = true });
            // The test site has no favicon (a 404 console line); script errors and CORS refusals count.
            Assert.DoesNotContain(errors, e => !e.StartsWith("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task CorsHeaders_AllowAnyOrigin_WithoutCredentials()
    {
        var site = live.Sites.First.GetLeftPart(UriPartial.Authority);
        foreach (var path in new[] { $"/live/{EmbedBroadcast.Stream}/master.m3u8", "/api/streams", $"/api/streams/{EmbedBroadcast.Stream}/swarm", "/dist/stream-swarm-player.js", $"/oembed?url={Uri.EscapeDataString(live.Server + "/watch/" + EmbedBroadcast.Stream)}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(live.Rig.BaseUri, path));
            request.Headers.Add("Origin", site);
            using var response = await live.Http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("*", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        // Also without Origin (a same-origin load), so that a cached copy serves other origins too.
        using (var plain = await live.Http.GetAsync(new Uri(live.Rig.BaseUri, $"/live/{EmbedBroadcast.Stream}/master.m3u8")))
        {
            Assert.Equal("*", string.Join(',', plain.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        // SignalR's negotiate: a preflighted POST with its own headers.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(live.Rig.BaseUri, "/hubs/swarm/negotiate?negotiateVersion=1"));
        preflight.Headers.Add("Origin", site);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-requested-with,x-signalr-user-agent,content-type");
        using (var response = await live.Http.SendAsync(preflight))
        {
            Assert.True(response.IsSuccessStatusCode, $"preflight: {(int)response.StatusCode}");
            Assert.Equal("*", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri(live.Rig.BaseUri, "/hubs/swarm/negotiate?negotiateVersion=1"));
        negotiate.Headers.Add("Origin", site);
        using (var response = await live.Http.SendAsync(negotiate))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("*", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        // Ingest stays closed to browsers on other sites.
        using var ingest = new HttpRequestMessage(HttpMethod.Options, new Uri(live.Rig.BaseUri, $"/api/ingest/{EmbedBroadcast.Stream}/sessions"));
        ingest.Headers.Add("Origin", site);
        ingest.Headers.Add("Access-Control-Request-Method", "POST");
        using (var response = await live.Http.SendAsync(ingest))
        {
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task TwoEmbeds_OnTwoOrigins_ExchangeDataPeerToPeer()
    {
        live.Sites.SetPage("/p2p.html", EmbedPages.Element(live.Server, EmbedBroadcast.Stream));
        var before = await SwarmAsync();
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var pages = new List<IPage>();
            foreach (var site in new[] { live.Sites.First, live.Sites.Second })
            {
                // One context each: separate HTTP caches and storage, as two people on two sites.
                var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 640, Height = 400 } });
                var page = await context.NewPageAsync();
                await page.GotoAsync(new Uri(site, "/p2p.html").ToString());
                pages.Add(page);
            }

            foreach (var page in pages)
            {
                await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "p", new() { Timeout = PlayTimeoutMs });
            }

            // Both joined the hub from their own origin, and parts went between them.
            await pages[0].WaitForFunctionAsync("() => document.getElementById('p').stats.peerId !== null", null, new() { Timeout = 20_000 });
            await pages[1].WaitForFunctionAsync("() => document.getElementById('p').stats.peerId !== null", null, new() { Timeout = 20_000 });
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            double fromPeers = 0;
            var stats = new List<JsonElement>();
            while (DateTime.UtcNow < deadline)
            {
                stats.Clear();
                foreach (var page in pages)
                {
                    stats.Add(await page.EvaluateAsync<JsonElement>("() => document.getElementById('p').stats"));
                }

                fromPeers = stats.Sum(s => s.GetProperty("bytesFromPeers").GetDouble());
                if (fromPeers > 100_000 && stats.All(s => s.GetProperty("peers").GetInt32() >= 1))
                {
                    break;
                }

                await Task.Delay(1000);
            }

            var origins = pages.Select(p => new Uri(p.Url).GetLeftPart(UriPartial.Authority)).ToList();
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "embed-p2p.txt"), $"{origins[0]}: {stats[0]}\n{origins[1]}: {stats[1]}\n");
            Assert.NotEqual(origins[0], origins[1]);
            Assert.True(fromPeers > 100_000, $"only {fromPeers:0} bytes came from peers: {stats[0]} / {stats[1]}");
            Assert.All(stats, s => Assert.True(s.GetProperty("peers").GetInt32() >= 1, s.ToString()));

            // The hub's aggregate agrees (reports go every 2 s).
            await Task.Delay(3000);
            var after = await SwarmAsync();
            Assert.True(after.GetProperty("bytesFromPeers").GetDouble() > before.GetProperty("bytesFromPeers").GetDouble());
        }
    }

    [Fact]
    public async Task IframeApi_CommandsAct_AndEventsArriveInOrder()
    {
        live.Sites.SetPage("/frame.html", EmbedPages.Frame(live.Server, EmbedBroadcast.Stream, "?muted=true"));
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 800, Height = 500 } });
            await page.GotoAsync(new Uri(live.Sites.Second, "/frame.html").ToString());
            var frame = page.Frames.Single(f => f.Url.Contains("/embed/", StringComparison.Ordinal));
            await WaitEventAsync(page, "playing", 0, PlayTimeoutMs);
            await frame.WaitForFunctionAsync(EmbedPages.FrameIsPlaying, null, new() { Timeout = PlayTimeoutMs });

            var pauseAt = await SendAsync(page, "{ streamswarm: 1, command: 'pause' }");
            await WaitEventAsync(page, "paused", pauseAt);
            Assert.True(await frame.EvaluateAsync<bool>("() => document.querySelector('stream-swarm-player').shadowRoot.querySelector('video').paused"));

            var unmuteAt = await SendAsync(page, "{ streamswarm: 1, command: 'mute', muted: false }");
            await page.WaitForFunctionAsync("(at) => window.embedEvents.slice(at).some(e => e.event === 'volume' && e.data.muted === false)", unmuteAt);
            var muteAt = await SendAsync(page, "{ streamswarm: 1, command: 'mute' }");
            await page.WaitForFunctionAsync("(at) => window.embedEvents.slice(at).some(e => e.event === 'volume' && e.data.muted === true)", muteAt);
            Assert.True(await frame.EvaluateAsync<bool>("() => document.querySelector('stream-swarm-player').muted"));

            await Task.Delay(3000);
            var playAt = await SendAsync(page, "{ streamswarm: 1, command: 'play' }");
            await WaitEventAsync(page, "playing", playAt);

            await SendAsync(page, "{ streamswarm: 1, command: 'seekToLive' }");
            await frame.WaitForFunctionAsync(
                "() => { const v = document.querySelector('stream-swarm-player').shadowRoot.querySelector('video'); return v.seekable.length > 0 && v.seekable.end(v.seekable.length - 1) - v.currentTime < 4 && !v.paused; }",
                null,
                new() { Timeout = 15_000 });

            // Bad input: ours but malformed gets an error event back; other people's messages are ignored.
            var badAt = await SendAsync(page, "{ streamswarm: 1, command: 'explode', id: 'bad-1' }");
            await page.WaitForFunctionAsync("(at) => window.embedEvents.slice(at).some(e => e.event === 'error' && e.data.id === 'bad-1' && e.data.code === 'bad-message')", badAt);
            await SendAsync(page, "{ hello: 'world' }");
            await SendAsync(page, "'play'");
            await SendAsync(page, "{ streamswarm: 2, command: 'play' }");
            await page.WaitForFunctionAsync("() => window.embedEvents.filter(e => e.event === 'error').length >= 2", null, new() { Timeout = 10_000 });
            await Task.Delay(1500);
            await page.WaitForFunctionAsync("() => window.embedEvents.some(e => e.event === 'stats')", null, new() { Timeout = 10_000 });

            var events = await page.EvaluateAsync<JsonElement>("() => window.embedEvents");
            var list = events.EnumerateArray().ToList();
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "embed-events.txt"), string.Join('\n', list.Select(e => e.ToString())));
            Assert.Equal("ready", list[0].GetProperty("event").GetString());
            for (var i = 0; i < list.Count; i++)
            {
                Assert.Equal(i + 1, list[i].GetProperty("seq").GetInt32());
                Assert.Equal(EmbedBroadcast.Stream, list[i].GetProperty("stream").GetString());
            }

            Assert.Equal(2, list.Count(e => e.GetProperty("event").GetString() == "error"));
            var stats = list.First(e => e.GetProperty("event").GetString() == "stats").GetProperty("data");
            Assert.True(stats.TryGetProperty("p2pShare", out _) && stats.TryGetProperty("peers", out _) && stats.TryGetProperty("bufferSeconds", out _));
        }
    }

    [Fact]
    public async Task BadAttributes_AreReportedInTheConsole_AndDefaultsUsed()
    {
        live.Sites.SetPage("/bad.html", EmbedPages.Element(live.Server, EmbedBroadcast.Stream, "autoplay=\"sometimes\" controls=\"maybe\" p2p=\"perhaps\" muted=\"loud\" poster=\"javascript:alert(1)\"")
            .Replace($"server=\"{live.Server}\"", "server=\"ftp://nowhere\"", StringComparison.Ordinal)
            .Replace("</body>", "<stream-swarm-player id=\"bad-name\" stream=\"Not A Name!\" style=\"width:480px\"></stream-swarm-player></body>", StringComparison.Ordinal));
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 800, Height = 1000 } });
            var warnings = new List<string>();
            page.Console += (_, m) =>
            {
                if (m.Type == "warning")
                {
                    lock (warnings)
                    {
                        warnings.Add(m.Text);
                    }
                }
            };

            await page.GotoAsync(new Uri(live.Sites.First, "/bad.html").ToString());
            // Defaults: autoplay on, and the server is where the script came from.
            await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "p", new() { Timeout = PlayTimeoutMs });
            var options = await page.EvaluateAsync<JsonElement>("() => document.getElementById('p').options");
            Assert.Equal(live.Server + "/", options.GetProperty("server").GetString());
            Assert.True(options.GetProperty("controls").GetBoolean());
            Assert.True(options.GetProperty("p2p").GetBoolean());
            Assert.True(options.GetProperty("muted").GetBoolean());
            Assert.Equal(JsonValueKind.Null, options.GetProperty("poster").ValueKind);
            Assert.True(await page.Locator("#p").Locator("[aria-label='Player controls']").IsVisibleAsync());

            string all;
            lock (warnings)
            {
                all = string.Join('\n', warnings);
            }

            foreach (var expected in new[] { "server=\"ftp://nowhere\"", "autoplay=\"sometimes\"", "controls=\"maybe\"", "p2p=\"perhaps\"", "muted=\"loud\"", "poster=\"javascript:alert(1)\"", "stream=\"Not A Name!\"" })
            {
                Assert.Contains(expected, all, StringComparison.Ordinal);
            }

            Assert.Equal("invalid", await page.EvaluateAsync<string>("() => document.getElementById('bad-name').state"));
            Assert.True(await page.Locator("#bad-name").GetByText("No stream to play").IsVisibleAsync());
        }
    }

    [Fact]
    public async Task Screenshots_At320_768_1280_ShowTheControlsLaidOut()
    {
        live.Sites.SetPage("/shot.html", EmbedPages.Element(live.Server, EmbedBroadcast.Stream, "p2p=\"off\""));
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            foreach (var width in new[] { 320, 768, 1280 })
            {
                var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = (width * 9 / 16) + 40 } });
                await page.GotoAsync(new Uri(live.Sites.First, "/shot.html").ToString());
                await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "p", new() { Timeout = PlayTimeoutMs });
                await page.EvaluateAsync("() => document.getElementById('p').toggleStats(true)");
                await page.Locator("#p").HoverAsync();
                await Task.Delay(1200);
                var problems = await page.EvaluateAsync<string[]>(
                    """
                    () => {
                      const host = document.getElementById('p');
                      const box = host.getBoundingClientRect();
                      const controls = [...host.shadowRoot.querySelectorAll('.bar > button, .bar > select, .bar > input')]
                        .filter(c => getComputedStyle(c).display !== 'none' && !c.hidden);
                      const out = [];
                      let right = -1;
                      for (const c of controls) {
                        const r = c.getBoundingClientRect();
                        const name = c.getAttribute('aria-label');
                        if (r.width < 16 || r.height < 16) out.push(`${name} is ${r.width}x${r.height}`);
                        if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5) out.push(`${name} is outside the player`);
                        if (r.left < right - 0.5) out.push(`${name} overlaps the control before it`);
                        right = r.right;
                      }
                      if (controls.length < 6) out.push(`only ${controls.length} controls shown`);
                      return out;
                    }
                    """);
                await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, string.Create(CultureInfo.InvariantCulture, $"embed-{width}.png")) });
                // Autoplay starts muted, and the mute button says so.
                Assert.Equal("Unmute", await page.Locator("#p").Locator(".bar > button").Nth(1).GetAttributeAsync("aria-label"));
                Assert.True(problems.Length == 0, $"at {width} px: {string.Join("; ", problems)}");

                // The picker's Auto entry names the rendition where there is room, and is not cut to "Aut…" where there is not.
                var auto = await page.EvaluateAsync<string>("() => document.getElementById('p').shadowRoot.querySelector('.quality').options[0].text");
                if (width < 480)
                {
                    Assert.Equal("Auto", auto);
                }
                else
                {
                    Assert.Matches(@"^Auto \(\d+p\)$", auto);
                }

                await page.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task QualityPicker_SwitchesRendition()
    {
        live.Sites.SetPage("/quality.html", EmbedPages.Element(live.Server, EmbedBroadcast.Stream, "p2p=\"off\""));
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 960, Height = 600 } });
            await page.GotoAsync(new Uri(live.Sites.First, "/quality.html").ToString());
            await page.WaitForFunctionAsync(EmbedPages.IsPlaying, "p", new() { Timeout = PlayTimeoutMs });
            var picker = page.Locator("#p").Locator("select[aria-label='Quality']");
            Assert.True(await picker.IsVisibleAsync());
            var labels = await picker.Locator("option").AllTextContentsAsync();
            Assert.Equal(3, labels.Count);
            Assert.StartsWith("Auto", labels[0], StringComparison.Ordinal);
            Assert.Equal(["360p", "240p"], labels.Skip(1));

            // Highest first; each option's value is hls.js's level index, which the element reports back.
            foreach (var height in new[] { 240, 360 })
            {
                var values = await picker.SelectOptionAsync(new SelectOptionValue { Label = $"{height}p" });
                await page.WaitForFunctionAsync(
                    "(h) => { const p = document.getElementById('p'); const v = p.shadowRoot.querySelector('video'); return v.videoHeight === h && p.stats.rendition && p.stats.rendition.height === h && p.state === 'playing'; }",
                    height,
                    new() { Timeout = 30_000 });
                Assert.Equal(int.Parse(values.Single(), CultureInfo.InvariantCulture), await page.EvaluateAsync<int>("() => document.getElementById('p').quality"));
                Assert.Equal(height, await page.EvaluateAsync<int>("(i) => document.getElementById('p').renditions[i].height", int.Parse(values.Single(), CultureInfo.InvariantCulture)));
            }

            await picker.SelectOptionAsync("auto");
            Assert.Equal("auto", await page.EvaluateAsync<string>("() => String(document.getElementById('p').quality)"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "embed-quality.png") });
        }
    }

    private async Task<JsonElement> SwarmAsync() =>
        await live.Http.GetFromJsonAsync<JsonElement>(new Uri(live.Rig.BaseUri, $"/api/streams/{EmbedBroadcast.Stream}/swarm"));

    /// <summary>Posts a message to the iframe; returns how many events had arrived before it.</summary>
    private static Task<int> SendAsync(IPage page, string message) => page.EvaluateAsync<int>($"() => window.send({message})");

    private static Task WaitEventAsync(IPage page, string name, int after, int timeoutMs = 20_000) =>
        page.WaitForFunctionAsync($"(at) => window.embedEvents.slice(at).some(e => e.event === '{name}')", after, new() { Timeout = timeoutMs });
}
