using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.Bench.Benches;

/// <summary>
/// The swarm at the size this machine holds: one low-rendition broadcast relayed through coturn on
/// 127.0.0.1, and four groups in the same run: viewers without video (web/src/headless: the real
/// swarm engine, hub client and peer connections, a simulated playhead instead of a decoder; several
/// to a page), the same fetching only from the origin, and a few real Chromium players with the
/// swarm and with <c>?p2p=0</c>. A 2-core machine decodes about six players; without decoding it
/// holds the 10+ viewers the swarm needs to show its offload. Reports P2P offload (the hub's
/// aggregate of viewers' reports and, independently, the origin's own egress count), continuity,
/// startup and latency, overall and per group.
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
          const res = performance.getEntriesByType('resource');
          for (const e of res) if (e.name.includes('.m4s')) media += e.encodedBodySize;
          const at = (re) => { const e = res.find((x) => re.test(x.name)); return e ? Math.round(e.responseEnd) : null; };
          const nav = performance.getEntriesByType('navigation')[0];
          const timeline = { html: nav ? Math.round(nav.responseEnd) : null, script: at(/\/dist\/viewer\.js/), domReady: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
                             master: at(/master\.m3u8/), playlist: at(/index\.m3u8/), init: at(/init\.mp4/), firstMedia: at(/\.m4s/), hub: at(/negotiate/) };
          return { state: v.state, latency: v.latencySeconds, stallSeconds: v.stallSeconds, stalls: v.stalls,
                   firstFrameMs: window.__firstFrameMs, swarm: v.swarm, httpMediaBytes: media, timeline };
        }
        """;

    public string Name => "swarm";

    public string Description => "P2P offload, continuity, startup and latency of swarm viewers (Chromium players and viewers without video) beside HTTP-only ones";

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
            var headlessPages = new List<HeadlessViewerPage>();
            var contexts = new List<IBrowserContext>();
            foreach (var group in JoinOrder(o))
            {
                if (group is Group.Player or Group.PlayerHttp)
                {
                    var p2p = group == Group.Player;
                    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 480, Height = 320 } });
                    contexts.Add(context);
                    await context.AddInitScriptAsync(Probe);
                    var page = await context.NewPageAsync();
                    // Commit, not load: on a busy machine the load event can take longer than
                    // Playwright's 30 s default, and startup is measured by the page itself anyway.
                    await page.GotoAsync(rig.WatchUri + (p2p ? "" : "?p2p=0"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
                    viewers.Add(new BenchViewer(group, page, null, 0));
                }
                else
                {
                    // Viewers without video share a page (a renderer) up to --per-page; a new page starts a new context.
                    var host = headlessPages.Count > 0 && headlessPages[^1].Count < o.HeadlessPerPage ? headlessPages[^1] : null;
                    if (host is null)
                    {
                        host = await HeadlessViewerPage.OpenAsync(browser, rig.BaseUri);
                        headlessPages.Add(host);
                    }

                    await host.StartViewerAsync(rig.BaseUri, rig.Stream, group == Group.Headless, o.Engine);
                    viewers.Add(new BenchViewer(group, host.Page, host, host.Count - 1));
                }

                await Task.Delay(o.JoinGapMs, cancellationToken);
            }

            // A viewer that does not play within 60 s (a starved renderer on a busy machine) is reported, not fatal.
            var notPlaying = new List<string>();
            var waitUntil = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                var states = (await SampleAsync(viewers)).Select(s => s.GetProperty("state").GetString()).ToList();
                var waiting = Enumerable.Range(0, viewers.Count).Where(i => states[i] != "playing").ToList();
                if (waiting.Count == 0 || DateTime.UtcNow > waitUntil)
                {
                    notPlaying.AddRange(waiting.Select(i => $"{i} ({Label(viewers[i].Group)}: {states[i]})"));
                    break;
                }

                await Task.Delay(500, cancellationToken);
            }

            if (notPlaying.Count > 0)
            {
                output.WriteLine($"Viewers not playing after 60 s, measured anyway: {string.Join(", ", notPlaying)}.");
                output.WriteLine();
            }

            await Task.Delay(TimeSpan.FromSeconds(o.WarmUpSeconds), cancellationToken);
            var hubBefore = await rig.SwarmStatsAsync(http);
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
            var hubAfter = await rig.SwarmStatsAsync(http);
            foreach (var page in headlessPages)
            {
                await page.CloseAsync();
            }

            foreach (var context in contexts)
            {
                await context.CloseAsync();
            }

            var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Trim() : "unknown";
            Report(output, o, browser.Version, load, viewers, before, after, latency, hubBefore, hubAfter);
            return 0;
        }
    }

    /// <summary>
    /// Who joins when: the viewers without video first in line, with the players and the HTTP-only
    /// viewers of both kinds spread evenly through the joins, so every group sees the same swarm age.
    /// </summary>
    private static List<Group> JoinOrder(SwarmBenchOptions o)
    {
        var order = Enumerable.Repeat(Group.Headless, o.Headless).ToList();
        foreach (var (group, count) in new[] { (Group.Player, o.Viewers), (Group.PlayerHttp, o.HttpViewers), (Group.HeadlessHttp, o.HeadlessHttp) })
        {
            for (var i = 0; i < count; i++)
            {
                var at = (int)Math.Round((i + 0.5) * (order.Count + 1) / count);
                order.Insert(Math.Min(at, order.Count), group);
            }
        }

        return order;
    }

    private static void Report(
        TextWriter output, SwarmBenchOptions o, string chromium, string load, List<BenchViewer> viewers,
        List<JsonElement> before, List<JsonElement> after, List<List<double>> latency, JsonElement hubBefore, JsonElement hubAfter)
    {
        static double D(JsonElement a, JsonElement b, string name) => b.GetProperty(name).GetDouble() - a.GetProperty(name).GetDouble();
        double Swarm(int i, string name) => D(before[i].GetProperty("swarm"), after[i].GetProperty("swarm"), name);
        var inv = CultureInfo.InvariantCulture;
        List<int> Of(params Group[] groups) => Enumerable.Range(0, viewers.Count).Where(i => groups.Contains(viewers[i].Group)).ToList();
        var swarm = Of(Group.Player, Group.Headless);
        var plain = Of(Group.PlayerHttp, Group.HeadlessHttp);

        var fromPeers = D(hubBefore, hubAfter, "bytesFromPeers");
        var fromOrigin = D(hubBefore, hubAfter, "bytesFromOrigin");
        var reportedOffload = fromPeers / Math.Max(1, fromPeers + fromOrigin);
        (double OnTime, double Late) Parts(IEnumerable<int> group) => (group.Sum(i => Swarm(i, "partsOnTime")), group.Sum(i => Swarm(i, "partsLate")));
        static double Continuity((double OnTime, double Late) p) => p.OnTime + p.Late == 0 ? 1 : p.OnTime / (p.OnTime + p.Late);
        var parts = Parts(swarm);
        var continuity = Continuity(parts);

        // The origin's own count covers every viewer; the HTTP-only viewers' share is taken out with
        // what they fetched (resource timing in a player, the viewer's own count without video), the
        // rest is what the swarm viewers cost the origin. A swarm viewer without video counts the
        // parts its engine failed to deliver and it fetched itself (as the player's hls.js would).
        var served = D(hubBefore, hubAfter, "originMediaBytesServed");
        var httpBytes = plain.Sum(i => D(before[i], after[i], "httpMediaBytes"));
        var swarmReceived = swarm.Sum(i => Swarm(i, "bytesFromPeers") + Swarm(i, "bytesFromOrigin") + (viewers[i].Group == Group.Headless ? D(before[i], after[i], "httpMediaBytes") : 0));
        var originOffload = 1 - ((served - httpBytes) / Math.Max(1, swarmReceived));

        double Startup(int i) => (after[i].GetProperty("firstFrameMs").ValueKind == JsonValueKind.Number ? after[i].GetProperty("firstFrameMs").GetDouble() : double.NaN) / 1000;
        double Latency(IEnumerable<int> group) => Median(group.SelectMany(i => latency[i]).ToList());
        double StallSeconds(IEnumerable<int> group) => group.Sum(i => D(before[i], after[i], "stallSeconds"));
        string StartupText(IEnumerable<int> group)
        {
            var s = group.Select(Startup).Where(double.IsFinite).ToList();
            return s.Count == 0 ? "—" : string.Create(inv, $"{Median(s):0.00} ({s.Max():0.00})");
        }

        var startupSwarm = swarm.Select(Startup).Where(double.IsFinite).ToList();
        var engine = o.Engine.Count == 0 ? "" : $", engine {string.Join(' ', o.Engine.Select(e => $"{e.Key}={e.Value}"))}";
        var counts = $"{o.Headless} swarm + {o.HeadlessHttp} HTTP-only viewers without video ({o.HeadlessPerPage} per page{engine}), {o.Viewers} swarm + {o.HttpViewers} HTTP-only Chromium players (`?p2p=0`)";
        output.WriteLine(string.Create(inv, $"{counts}, headless Chromium {chromium}, joined {o.JoinGapMs} ms apart; broadcast {o.Size} 30 fps {o.Bitrate}; coturn relay on 127.0.0.1; origin fetchers: {(o.ViewersPerFetcher is null ? "server default" : o.ViewersPerFetcher == 0 ? "neighbourhood election only" : $"1 per {o.ViewersPerFetcher} viewers")}; {o.WarmUpSeconds} s warm-up after all play, then a {o.Seconds} s window. Load average at the end: {load}."));
        output.WriteLine();
        output.WriteLine("| measure (window, every swarm viewer) | value | goal | value / goal |");
        output.WriteLine("|---|---:|---:|---:|");
        output.WriteLine(string.Create(inv, $"| P2P offload, viewers' reports (hub) | {reportedOffload:0.000} | ≥ {OffloadGoal:0.00} | {reportedOffload / OffloadGoal:0.00} |"));
        output.WriteLine(string.Create(inv, $"| P2P offload, origin's own egress count | {originOffload:0.000} | ≥ {OffloadGoal:0.00} | {originOffload / OffloadGoal:0.00} |"));
        output.WriteLine(string.Create(inv, $"| continuity (parts on time / parts) | {continuity:0.0000} ({parts.OnTime:0} / {parts.OnTime + parts.Late:0}) | ≥ {ContinuityGoal:0.00} | {continuity / ContinuityGoal:0.00} |"));
        output.WriteLine(string.Create(inv, $"| latency median, swarm / HTTP-only s | {Latency(swarm):0.00} / {Latency(plain):0.00} ({Signed(Latency(swarm) - Latency(plain))}) | ≤ +{LatencyMarginGoalSeconds:0.0} | {(Latency(swarm) - Latency(plain)) / LatencyMarginGoalSeconds:0.00} |"));
        output.WriteLine(string.Create(inv, $"| startup median (max), swarm s | {StartupText(swarm)} | ≤ {StartupGoalSeconds:0.0} | {Median(startupSwarm) / StartupGoalSeconds:0.00} |"));
        output.WriteLine();
        output.WriteLine("| group | viewers | startup median (max) s | latency median s | stalls / stall s in the window | continuity |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var group in new[] { Group.Headless, Group.HeadlessHttp, Group.Player, Group.PlayerHttp })
        {
            var members = Of(group);
            if (members.Count == 0)
            {
                continue;
            }

            var p2p = group is Group.Headless or Group.Player;
            var stalls = members.Sum(i => D(before[i], after[i], "stalls"));
            output.WriteLine(string.Create(inv, $"| {Label(group)} | {members.Count} | {StartupText(members)} | {Latency(members):0.00} | {stalls:0} / {StallSeconds(members):0.00} | {(p2p ? Continuity(Parts(members)).ToString("0.0000", inv) : "—")} |"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(inv, $"Bytes in the window: swarm viewers received {swarmReceived / 1e6:0.0} MB ({fromPeers / 1e6:0.0} MB from peers by the hub's count); the origin served {served / 1e6:0.0} MB, of which {httpBytes / 1e6:0.0} MB to the HTTP-only viewers. Bad-peer reports: {hubAfter.GetProperty("badPeerReports").GetInt64()}."));
        // Parts and failed requests count in the window; neighbour links ("link:…") over the whole run.
        var loads = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var links = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var i in Of(Group.Headless))
        {
            // Playwright adds "$id" to objects it returns.
            foreach (var entry in after[i].GetProperty("loads").EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Number))
            {
                var now = entry.Value.GetDouble();
                if (entry.Name.StartsWith("link:", StringComparison.Ordinal))
                {
                    links[entry.Name] = links.GetValueOrDefault(entry.Name) + now;
                    continue;
                }

                var was = before[i].GetProperty("loads").TryGetProperty(entry.Name, out var b) ? b.GetDouble() : 0;
                if (now > was)
                {
                    loads[entry.Name] = loads.GetValueOrDefault(entry.Name) + now - was;
                }
            }
        }

        if (links.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Neighbour links of the swarm viewers without video over the whole run (`suggested-N`: joins that got N suggestions): {string.Join(", ", links.Select(l => string.Create(inv, $"{l.Key} {l.Value:0}")))}.");
        }

        if (loads.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Parts the swarm viewers without video played, by where from (`memory:` = fetched ahead; `origin:` + the scheduler's reason; `failed:` = peer requests that failed): {string.Join(", ", loads.Select(l => string.Create(inv, $"{l.Key} {l.Value:0}")))}.");
        }

        var players = Of(Group.Player, Group.PlayerHttp);
        if (players.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Players' start-up, ms after page open (resource timing: when each response ended; first frame by requestVideoFrameCallback):");
            output.WriteLine();
            output.WriteLine("| viewer | kind | html | viewer.js | DOM ready | master | media playlist | init | first part | hub negotiate | first frame |");
            output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var i in players)
            {
                var t = after[i].GetProperty("timeline");
                string Ms(string name) => t.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("0", inv) : "—";
                output.WriteLine(string.Create(inv, $"| {i} | {Label(viewers[i].Group)} | {Ms("html")} | {Ms("script")} | {Ms("domReady")} | {Ms("master")} | {Ms("playlist")} | {Ms("init")} | {Ms("firstMedia")} | {Ms("hub")} | {Startup(i) * 1000:0} |"));
            }
        }

        output.WriteLine();
        output.WriteLine("| viewer | kind | startup s | latency median s | stall s | from peers MB | from origin MB | to peers MB | neighbours at the end |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < viewers.Count; i++)
        {
            var p2p = viewers[i].Group is Group.Headless or Group.Player && after[i].GetProperty("swarm").ValueKind == JsonValueKind.Object;
            var origin = p2p ? Swarm(i, "bytesFromOrigin") + (viewers[i].Group == Group.Headless ? D(before[i], after[i], "httpMediaBytes") : 0) : D(before[i], after[i], "httpMediaBytes");
            output.WriteLine(string.Create(inv,
                $"| {i} | {Label(viewers[i].Group)} | {Startup(i):0.00} | {Median(latency[i]):0.00} | {D(before[i], after[i], "stallSeconds"):0.00} | {(p2p ? Swarm(i, "bytesFromPeers") / 1e6 : 0):0.00} | {origin / 1e6:0.00} | {(p2p ? Swarm(i, "bytesToPeers") / 1e6 : 0):0.00} | {(p2p ? after[i].GetProperty("swarm").GetProperty("peers").GetInt32().ToString(inv) : "—")} |"));
        }
    }

    private static string Signed(double value) =>
        (Math.Round(value, 2) >= 0 ? "+" : "") + Math.Round(value, 2).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Label(Group group) => group switch
    {
        Group.Headless => "swarm, no video",
        Group.HeadlessHttp => "HTTP-only, no video",
        Group.Player => "swarm, player",
        _ => "HTTP-only, player",
    };

    /// <summary>One sample per viewer, in join order: each player page evaluated once, each page of viewers without video once for all of them.</summary>
    private static async Task<List<JsonElement>> SampleAsync(List<BenchViewer> viewers)
    {
        var result = new List<JsonElement>(viewers.Count);
        var pages = new Dictionary<HeadlessViewerPage, JsonElement[]>();
        foreach (var v in viewers)
        {
            if (v.Headless is null)
            {
                result.Add(await v.Page.EvaluateAsync<JsonElement>(Sample));
                continue;
            }

            if (!pages.TryGetValue(v.Headless, out var all))
            {
                all = await v.Headless.SampleAsync();
                pages[v.Headless] = all;
            }

            result.Add(all[v.Index]);
        }

        return result;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[values.Count / 2];
    }

    private enum Group
    {
        Headless,
        HeadlessHttp,
        Player,
        PlayerHttp,
    }

    private sealed record BenchViewer(Group Group, IPage Page, HeadlessViewerPage? Headless, int Index);
}
