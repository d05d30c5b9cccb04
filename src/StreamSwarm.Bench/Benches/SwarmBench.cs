using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// The swarm at the size this machine holds: one low-rendition broadcast, N headless Chromium
/// viewers with the swarm on and a few HTTP-only viewers (<c>?p2p=0</c>) in the same run, relaying
/// through coturn on 127.0.0.1. Reports P2P offload (the hub's aggregate of viewers' reports and,
/// independently, the origin's own egress count), continuity, startup (page open → first frame)
/// and latency of both groups side by side.
/// </summary>
public sealed class SwarmBench : IBench
{
    private const double OffloadGoal = 0.85;
    private const double ContinuityGoal = 0.99;
    private const double LatencyMarginGoalSeconds = 1.0;
    private const double StartupGoalSeconds = 1.5;

    // First frame on the page clock (ms since navigation start, i.e. page open), and the media bytes
    // an HTTP-only viewer fetched (resource timing; the buffer is raised so no entry is dropped).
    private const string Probe =
        """
        (() => {
          window.__firstFrameMs = null;
          performance.setResourceTimingBufferSize(100000);
          const watch = () => {
            const video = document.querySelector('video');
            if (!video) { setTimeout(watch, 10); return; }
            const mark = () => { if (window.__firstFrameMs === null) window.__firstFrameMs = performance.now(); };
            if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(mark);
            else video.addEventListener('playing', mark, { once: true });
          };
          watch();
        })();
        """;

    private const string Sample =
        """
        () => {
          const v = window.streamSwarmViewer;
          let media = 0;
          for (const e of performance.getEntriesByType('resource')) if (e.name.includes('.m4s')) media += e.encodedBodySize;
          return { state: v.state, latency: v.latencySeconds, stallSeconds: v.stallSeconds, stalls: v.stalls,
                   firstFrameMs: window.__firstFrameMs, swarm: v.swarm, httpMediaBytes: media };
        }
        """;

    public string Name => "swarm";

    public string Description => "P2P offload, continuity, startup and latency of N swarm viewers beside HTTP-only viewers";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        SwarmBenchOptions o;
        try
        {
            o = SwarmBenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"swarm: {e.Message}");
            return 2;
        }

        await using var turn = await Coturn.StartAsync("bench-swarm-coturn.log");
        var serverArguments = turn.ServerArguments.ToList();
        if (o.ViewersPerFetcher is { } perFetcher)
        {
            serverArguments.Add(string.Create(CultureInfo.InvariantCulture, $"--StreamSwarm:Swarm:ViewersPerFetcher={perFetcher}"));
        }

        await using var rig = await LiveRig.StartServerAsync("swarmbench", "bench-swarm", cancellationToken, serverArguments);
        await rig.StartBroadcastAsync("bench-swarm", ["--size", o.Size, "--fps", "30", "--bitrate", o.Bitrate]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await rig.WaitForSegmentsAsync(http, 2, TimeSpan.FromSeconds(60));

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var viewers = new List<BenchViewer>();
            // HTTP-only viewers are spread through the joins so both groups see the same swarm age.
            var httpAt = Enumerable.Range(0, o.HttpViewers).Select(i => (i + 1) * (o.Viewers + o.HttpViewers) / (o.HttpViewers + 1)).ToHashSet();
            for (var i = 0; i < o.Viewers + o.HttpViewers; i++)
            {
                var p2p = !httpAt.Contains(i);
                var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 480, Height = 320 } });
                await context.AddInitScriptAsync(Probe);
                var page = await context.NewPageAsync();
                // Commit, not load: on a busy machine the load event of 14 pages can take longer than
                // Playwright's 30 s default, and startup is measured by the page itself anyway.
                await page.GotoAsync(rig.WatchUri + (p2p ? "" : "?p2p=0"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
                viewers.Add(new BenchViewer(context, page, p2p));
                await Task.Delay(o.JoinGapMs, cancellationToken);
            }

            // A viewer that does not play within 60 s (a starved renderer on a busy machine) is reported, not fatal.
            var notPlaying = new List<string>();
            foreach (var v in viewers)
            {
                try
                {
                    await v.Page.WaitForFunctionAsync("() => window.streamSwarmViewer && window.streamSwarmViewer.state === 'playing'", null, new() { Timeout = 60_000 });
                }
                catch (TimeoutException)
                {
                    notPlaying.Add($"{viewers.IndexOf(v)} ({(v.P2p ? "swarm" : "HTTP")}: {await v.Page.EvaluateAsync<string>("() => window.streamSwarmViewer ? window.streamSwarmViewer.state : 'no page api'")})");
                }
            }

            if (notPlaying.Count > 0)
            {
                output.WriteLine($"Viewers not playing after 60 s, measured anyway: {string.Join(", ", notPlaying)}.");
                output.WriteLine();
            }

            await Task.Delay(TimeSpan.FromSeconds(o.WarmUpSeconds), cancellationToken);
            var hubBefore = await HubAsync(http, rig);
            var before = await SampleAsync(viewers);
            var latency = viewers.Select(_ => new List<double>()).ToList();
            var end = DateTime.UtcNow + TimeSpan.FromSeconds(o.Seconds);
            while (DateTime.UtcNow < end && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(2000, cancellationToken);
                var s = await SampleAsync(viewers);
                for (var i = 0; i < viewers.Count; i++)
                {
                    if (s[i].GetProperty("latency").ValueKind == JsonValueKind.Number)
                    {
                        latency[i].Add(s[i].GetProperty("latency").GetDouble());
                    }
                }
            }

            var after = await SampleAsync(viewers);
            var hubAfter = await HubAsync(http, rig);
            foreach (var v in viewers)
            {
                await v.Context.CloseAsync();
            }

            var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Trim() : "unknown";
            Report(output, o, browser.Version, load, viewers, before, after, latency, hubBefore, hubAfter);
            return 0;
        }
    }

    private static void Report(
        TextWriter output, SwarmBenchOptions o, string chromium, string load, List<BenchViewer> viewers,
        List<JsonElement> before, List<JsonElement> after, List<List<double>> latency, JsonElement hubBefore, JsonElement hubAfter)
    {
        static double D(JsonElement a, JsonElement b, string name) => b.GetProperty(name).GetDouble() - a.GetProperty(name).GetDouble();
        var inv = CultureInfo.InvariantCulture;
        var swarm = Enumerable.Range(0, viewers.Count).Where(i => viewers[i].P2p).ToList();
        var plain = Enumerable.Range(0, viewers.Count).Where(i => !viewers[i].P2p).ToList();

        var fromPeers = D(hubBefore, hubAfter, "bytesFromPeers");
        var fromOrigin = D(hubBefore, hubAfter, "bytesFromOrigin");
        var reportedOffload = fromPeers / Math.Max(1, fromPeers + fromOrigin);
        // The hub keeps only the cumulative ratio; the window's counts come from the viewers' engines.
        var onTime = swarm.Sum(i => D(before[i].GetProperty("swarm"), after[i].GetProperty("swarm"), "partsOnTime"));
        var late = swarm.Sum(i => D(before[i].GetProperty("swarm"), after[i].GetProperty("swarm"), "partsLate"));
        var continuity = onTime + late == 0 ? 1 : onTime / (onTime + late);
        // The origin's own count covers every viewer; the HTTP-only viewers' share is taken out with
        // what their pages fetched, the rest is what the swarm viewers cost the origin.
        var served = D(hubBefore, hubAfter, "originMediaBytesServed");
        var httpBytes = plain.Sum(i => D(before[i], after[i], "httpMediaBytes"));
        var swarmReceived = swarm.Sum(i => D(before[i].GetProperty("swarm"), after[i].GetProperty("swarm"), "bytesFromPeers") + D(before[i].GetProperty("swarm"), after[i].GetProperty("swarm"), "bytesFromOrigin"));
        var originOffload = 1 - ((served - httpBytes) / Math.Max(1, swarmReceived));

        double Startup(int i) => (after[i].GetProperty("firstFrameMs").ValueKind == JsonValueKind.Number ? after[i].GetProperty("firstFrameMs").GetDouble() : double.NaN) / 1000;
        double Latency(IEnumerable<int> group) => Median(group.SelectMany(i => latency[i]).ToList());
        double StallSeconds(IEnumerable<int> group) => group.Sum(i => D(before[i], after[i], "stallSeconds"));
        var swarmLatency = Latency(swarm);
        var plainLatency = Latency(plain);
        var startupSwarm = swarm.Select(Startup).Where(double.IsFinite).ToList();
        var startupPlain = plain.Select(Startup).Where(double.IsFinite).ToList();

        output.WriteLine(string.Create(inv, $"{o.Viewers} swarm viewers + {o.HttpViewers} HTTP-only (`?p2p=0`) in one headless Chromium {chromium} (a context each), joined {o.JoinGapMs} ms apart; broadcast {o.Size} 30 fps {o.Bitrate}; coturn relay on 127.0.0.1; origin fetchers: {(o.ViewersPerFetcher is null ? "server default" : o.ViewersPerFetcher == 0 ? "neighbourhood election only" : $"1 per {o.ViewersPerFetcher} viewers")}; {o.WarmUpSeconds} s warm-up after all play, then a {o.Seconds} s window. Load average at the end: {load}."));
        output.WriteLine();
        output.WriteLine("| measure (window) | value | goal | value / goal |");
        output.WriteLine("|---|---:|---:|---:|");
        output.WriteLine(string.Create(inv, $"| P2P offload, viewers' reports (hub) | {reportedOffload:0.000} | ≥ {OffloadGoal:0.00} | {reportedOffload / OffloadGoal:0.00} |"));
        output.WriteLine(string.Create(inv, $"| P2P offload, origin's own egress count | {originOffload:0.000} | ≥ {OffloadGoal:0.00} | {originOffload / OffloadGoal:0.00} |"));
        output.WriteLine(string.Create(inv, $"| continuity (parts on time / parts) | {continuity:0.0000} ({onTime:0} / {onTime + late:0}) | ≥ {ContinuityGoal:0.00} | {continuity / ContinuityGoal:0.00} |"));
        output.WriteLine(string.Create(inv, $"| latency median, swarm / HTTP-only s | {swarmLatency:0.00} / {plainLatency:0.00} (+{swarmLatency - plainLatency:0.00}) | ≤ +{LatencyMarginGoalSeconds:0.0} | {(swarmLatency - plainLatency) / LatencyMarginGoalSeconds:0.00} |"));
        output.WriteLine(string.Create(inv, $"| startup median (max), swarm s | {Median(startupSwarm):0.00} ({(startupSwarm.Count == 0 ? double.NaN : startupSwarm.Max()):0.00}) | ≤ {StartupGoalSeconds:0.0} | {Median(startupSwarm) / StartupGoalSeconds:0.00} |"));
        output.WriteLine(string.Create(inv, $"| startup median (max), HTTP-only s | {Median(startupPlain):0.00} ({(startupPlain.Count == 0 ? double.NaN : startupPlain.Max()):0.00}) | — | — |"));
        output.WriteLine(string.Create(inv, $"| stall seconds, swarm / HTTP-only (all viewers) | {StallSeconds(swarm):0.00} / {StallSeconds(plain):0.00} | — | — |"));
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Bytes in the window: swarm viewers received {swarmReceived / 1e6:0.0} MB ({fromPeers / 1e6:0.0} MB from peers by the hub's count); the origin served {served / 1e6:0.0} MB, of which {httpBytes / 1e6:0.0} MB to the HTTP-only viewers. Bad-peer reports: {hubAfter.GetProperty("badPeerReports").GetInt64()}."));
        output.WriteLine();
        output.WriteLine("| viewer | mode | startup s | latency median s | stall s | from peers MB | from origin MB | to peers MB |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < viewers.Count; i++)
        {
            var s = after[i].GetProperty("swarm");
            var b = before[i].GetProperty("swarm");
            var p2p = viewers[i].P2p && s.ValueKind == JsonValueKind.Object;
            output.WriteLine(string.Create(inv,
                $"| {i} | {(viewers[i].P2p ? "swarm" : "HTTP")} | {Startup(i):0.00} | {Median(latency[i]):0.00} | {D(before[i], after[i], "stallSeconds"):0.00} | {(p2p ? D(b, s, "bytesFromPeers") / 1e6 : 0):0.00} | {(p2p ? D(b, s, "bytesFromOrigin") / 1e6 : D(before[i], after[i], "httpMediaBytes") / 1e6):0.00} | {(p2p ? D(b, s, "bytesToPeers") / 1e6 : 0):0.00} |"));
        }
    }

    private static async Task<List<JsonElement>> SampleAsync(List<BenchViewer> viewers)
    {
        var result = new List<JsonElement>(viewers.Count);
        foreach (var v in viewers)
        {
            result.Add(await v.Page.EvaluateAsync<JsonElement>(Sample));
        }

        return result;
    }

    private static async Task<JsonElement> HubAsync(HttpClient http, LiveRig rig) =>
        await http.GetFromJsonAsync<JsonElement>(new Uri(rig.BaseUri, $"/api/streams/{rig.Stream}/swarm"));

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[values.Count / 2];
    }

    private sealed record BenchViewer(IBrowserContext Context, IPage Page, bool P2p);
}
