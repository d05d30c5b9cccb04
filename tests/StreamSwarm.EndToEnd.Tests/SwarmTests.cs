using System.Globalization;
using Microsoft.Playwright;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// Six headless Chromium viewers of one ~800 kbit/s broadcast, joining over 10 s, relaying parts to
/// each other through coturn on 127.0.0.1 (Chromium gathers no loopback host candidate).
/// </summary>
public sealed class SwarmTests : IAsyncLifetime
{
    private const int Viewers = 6;
    private Coturn? _turn;
    private LiveRig? _rig;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        _turn = await Coturn.StartAsync("e2e-swarm-coturn.log");
        _rig = await LiveRig.StartServerAsync("swarm", "e2e-swarm", serverArguments: _turn.ServerArguments);
        await _rig.StartBroadcastAsync("e2e-swarm", ["--size", "640x360", "--fps", "30", "--bitrate", "700k"]);
        await _rig.WaitForSegmentsAsync(_http, 2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        if (_turn is not null)
        {
            await _turn.DisposeAsync();
        }

        _http.Dispose();
    }

    [Fact]
    public async Task SixViewers_PlayWithoutStalls_AndMostBytesComeFromPeers()
    {
        var rig = _rig!;
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var pages = new List<IPage>();
            var contexts = new List<IBrowserContext>();
            for (var i = 0; i < Viewers; i++)
            {
                // One context each: no shared HTTP cache, so origin loads are real origin loads.
                var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 640, Height = 400 } });
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync(rig.WatchUri.ToString());
                pages.Add(page);
                await Task.Delay(2000);
            }

            foreach (var page in pages)
            {
                await page.WaitForFunctionAsync("() => window.streamSwarmViewer && window.streamSwarmViewer.state === 'playing'", null, new() { Timeout = 30_000 });
            }

            await Task.Delay(10_000);
            var before = await _rig!.SwarmStatsAsync(_http);
            var stallsBefore = await StallSecondsAsync(pages);
            await Task.Delay(20_000);
            var after = await _rig!.SwarmStatsAsync(_http);
            var stallsAfter = await StallSecondsAsync(pages);
            await pages[0].ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "swarm-viewer.png") });

            var fromPeers = after.GetProperty("bytesFromPeers").GetDouble() - before.GetProperty("bytesFromPeers").GetDouble();
            var fromOrigin = after.GetProperty("bytesFromOrigin").GetDouble() - before.GetProperty("bytesFromOrigin").GetDouble();
            var offload = fromPeers / (fromPeers + fromOrigin);

            // Leaving sends each viewer's last report; then the totals can be set against the origin's own count.
            foreach (var context in contexts)
            {
                await context.CloseAsync();
            }

            await Task.Delay(3000);
            var final = await _rig!.SwarmStatsAsync(_http);
            var reportedOrigin = final.GetProperty("bytesFromOrigin").GetDouble();
            var servedOrigin = final.GetProperty("originMediaBytesServed").GetDouble();

            await File.WriteAllTextAsync(
                Path.Combine(RepoPaths.Artifacts, "swarm.txt"),
                string.Create(CultureInfo.InvariantCulture, $"window offload {offload:0.000} (peers {fromPeers:0} B, origin {fromOrigin:0} B); stall seconds in window per viewer: {string.Join(", ", stallsAfter.Zip(stallsBefore, (a, b) => (a - b).ToString("0.00", CultureInfo.InvariantCulture)))}; origin reported {reportedOrigin:0} B vs served {servedOrigin:0} B\nfinal: {final}\n"));

            for (var i = 0; i < Viewers; i++)
            {
                Assert.True(stallsAfter[i] - stallsBefore[i] <= 1.0, $"viewer {i} stalled {stallsAfter[i] - stallsBefore[i]:0.00} s after warm-up");
            }

            Assert.True(offload >= 0.6, $"after warm-up only {offload:P0} of the viewers' bytes came from peers");
            Assert.InRange(reportedOrigin / servedOrigin, 0.95, 1.05);
        }
    }

    private static async Task<List<double>> StallSecondsAsync(List<IPage> pages)
    {
        var result = new List<double>();
        foreach (var p in pages)
        {
            result.Add(await p.EvaluateAsync<double>("() => window.streamSwarmViewer.stallSeconds"));
        }

        return result;
    }
}
