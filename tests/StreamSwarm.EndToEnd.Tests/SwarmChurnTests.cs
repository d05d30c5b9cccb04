using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// The swarm under churn and attack, with real Chromium viewers relaying through coturn: viewers
/// that leave must not stall the others, and a viewer that corrupts what it relays must be caught
/// by the hash check, dropped and reported, without a corrupted byte reaching a player.
/// </summary>
public sealed class SwarmChurnTests(SwarmStage stage) : IClassFixture<SwarmStage>
{
    // Records the SHA-256 of every media chunk hls.js appends (init segments aside), so the test can
    // check each one against what the origin published.
    private const string RecordAppends =
        """
        (() => {
          window.__appended = [];
          const append = SourceBuffer.prototype.appendBuffer;
          SourceBuffer.prototype.appendBuffer = function (data) {
            const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
            const copy = view.slice();
            const box = copy.length >= 8 ? String.fromCharCode(copy[4], copy[5], copy[6], copy[7]) : '';
            if (box !== 'ftyp' && box !== 'moov') {
              crypto.subtle.digest('SHA-256', copy).then((d) =>
                window.__appended.push(Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('')));
            }
            return append.call(this, data);
          };
        })();
        """;

    // The attacker: flips the first 64 payload bytes of every DATA message (type 0x05, 13-byte
    // header, docs/protocol.md) it sends. Nothing in the product knows about it.
    private const string CorruptData =
        """
        (() => {
          const send = RTCDataChannel.prototype.send;
          RTCDataChannel.prototype.send = function (data) {
            if (data instanceof Uint8Array && data[0] === 0x05 && data.length > 13) {
              const bad = data.slice();
              for (let i = 13; i < Math.min(bad.length, 13 + 64); i++) bad[i] ^= 0xff;
              return send.call(this, bad);
            }
            return send.call(this, data);
          };
        })();
        """;

    private const string Snapshot =
        """
        () => {
          const v = window.streamSwarmViewer;
          const video = document.querySelector('video');
          return {
            state: v.state, stallSeconds: v.stallSeconds, swarm: v.swarm, peerId: v.swarmPeerId,
            neighbours: v.swarmNeighbours, currentTime: video.currentTime, error: video.error ? video.error.code : 0,
          };
        }
        """;

    [Fact]
    public async Task ViewersLeaving_DoNotStallTheOthers_WhoKeepGettingParts()
    {
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            // Following the origin from before the first viewer opens: each part is listed for a
            // few seconds only (older ones as whole segments), and every appended chunk must be known.
            await using var origin = new OriginPartHashes(stage.Rig, stage.Http);
            await origin.FirstRound.WaitAsync(TimeSpan.FromSeconds(30));
            var viewers = new List<Viewer>();
            for (var i = 0; i < 5; i++)
            {
                viewers.Add(await OpenAsync(browser, RecordAppends));
                await Task.Delay(1500);
            }

            await WaitAllPlayingAsync(viewers);
            await Task.Delay(10_000);

            // The two that relay the most leave: the worst case for the others.
            var before = await SnapshotAsync(viewers);
            var order = Enumerable.Range(0, viewers.Count).OrderByDescending(i => before[i].Swarm("bytesToPeers")).ToList();
            var leaving = order.Take(2).ToHashSet();
            var leftIds = leaving.Select(i => before[i].PeerId).ToHashSet();
            foreach (var i in leaving)
            {
                await viewers[i].Page.CloseAsync(new() { RunBeforeUnload = true });
                await viewers[i].Context.CloseAsync();
            }

            var staying = Enumerable.Range(0, viewers.Count).Where(i => !leaving.Contains(i)).ToList();
            await Task.Delay(12_000);
            var after = await SnapshotAsync(staying.Select(i => viewers[i]).ToList());
            var report = string.Join("\n", staying.Select((v, k) => Describe(v, before[v], after[k])));
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "swarm-leave.txt"), report + "\n");

            for (var k = 0; k < staying.Count; k++)
            {
                var (b, a) = (before[staying[k]], after[k]);
                Assert.True(a.StallSeconds - b.StallSeconds <= 1.0, $"viewer {staying[k]} stalled {a.StallSeconds - b.StallSeconds:0.00} s after the others left\n{report}");
                Assert.Equal("playing", a.State);
                Assert.True(a.CurrentTime - b.CurrentTime >= 8, $"viewer {staying[k]} played only {a.CurrentTime - b.CurrentTime:0.0} s in 12 s\n{report}");
                Assert.True(a.Received - b.Received > 0, $"viewer {staying[k]} received nothing after the others left\n{report}");
                Assert.DoesNotContain(a.Neighbours, leftIds.Contains);
            }

            await AssertOnlyOriginBytesAppendedAsync(staying.Select(i => viewers[i]), origin);
            foreach (var i in staying)
            {
                await viewers[i].Context.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task CorruptingPeer_IsDetectedDroppedAndReported_AndNoCorruptedPartReachesAPlayer()
    {
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var hubBefore = await stage.Rig.SwarmStatsAsync(stage.Http);
            await using var origin = new OriginPartHashes(stage.Rig, stage.Http);
            await origin.FirstRound.WaitAsync(TimeSpan.FromSeconds(30));
            // The attacker comes first, so it holds what the honest viewers want when they join.
            var attacker = await OpenAsync(browser, CorruptData);
            await WaitAllPlayingAsync([attacker]);
            var honest = new List<Viewer>();
            for (var i = 0; i < 3; i++)
            {
                honest.Add(await OpenAsync(browser, RecordAppends));
                await Task.Delay(1500);
            }

            await WaitAllPlayingAsync(honest);
            var attackerId = (await SnapshotAsync([attacker]))[0].PeerId;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
            List<ViewerSnapshot> now;
            // Two reports get the attacker shunned (BadPeerReportsToShun); after that the hub assigns
            // it no part to fetch, so it is never the first to hold one and a viewer that joined late
            // may never take a byte from it. Catching it is required of those that did.
            do
            {
                await Task.Delay(1000);
                now = await SnapshotAsync(honest);
            }
            while (now.Count(s => s.Swarm("badPeers") >= 1) < 2 && DateTime.UtcNow < deadline);

            await Task.Delay(3000);
            now = await SnapshotAsync(honest);
            var hubAfter = await stage.Rig.SwarmStatsAsync(stage.Http);
            var report = $"attacker {attackerId}\n" + string.Join("\n", now.Select((s, i) => Describe(i, s, s))) + $"\nhub {hubAfter}";
            await File.WriteAllTextAsync(Path.Combine(RepoPaths.Artifacts, "swarm-corrupt.txt"), report + "\n");

            var caught = now.Where(s => s.Swarm("badPeers") >= 1).ToList();
            Assert.True(caught.Count >= 2, $"fewer than two honest viewers caught the attacker\n{report}");
            foreach (var s in now)
            {
                if (s.Swarm("badPeers") >= 1)
                {
                    // Caught: dropped, and never taken back.
                    Assert.DoesNotContain(attackerId, s.Neighbours);
                }

                // Still a working player (a busy machine may have it buffering, never failed).
                Assert.Equal(0, s.Error);
                Assert.Contains(s.State, new[] { "playing", "buffering" });
            }

            var reports = hubAfter.GetProperty("badPeerReports").GetInt64() - hubBefore.GetProperty("badPeerReports").GetInt64();
            Assert.True(reports >= caught.Count, $"the hub got {reports} bad-peer reports from {caught.Count} viewers that caught the attacker\n{report}");
            Assert.True(hubAfter.GetProperty("shunnedPeers").GetInt32() >= 1, $"the hub still suggests the attacker\n{report}");
            await AssertOnlyOriginBytesAppendedAsync(honest, origin);

            foreach (var v in honest.Append(attacker))
            {
                await v.Context.CloseAsync();
            }
        }
    }

    private async Task<Viewer> OpenAsync(IBrowser browser, string initScript)
    {
        // One context each: no shared HTTP cache, so origin loads are real origin loads.
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 640, Height = 400 } });
        await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(stage.Rig.WatchUri.ToString());
        return new Viewer(context, page);
    }

    private static async Task WaitAllPlayingAsync(IEnumerable<Viewer> viewers)
    {
        foreach (var v in viewers)
        {
            await v.Page.WaitForFunctionAsync("() => window.streamSwarmViewer && window.streamSwarmViewer.state === 'playing' && window.streamSwarmViewer.swarmPeerId", null, new() { Timeout = 60_000 });
        }
    }

    private static async Task AssertOnlyOriginBytesAppendedAsync(IEnumerable<Viewer> viewers, OriginPartHashes origin)
    {
        var read = new List<string[]>();
        foreach (var v in viewers)
        {
            read.Add(await v.Page.EvaluateAsync<string[]>("() => window.__appended"));
        }

        // What a player appended last may be the newest part, published after the follower's last round.
        await origin.CatchUpAsync(TimeSpan.FromSeconds(20));
        foreach (var appended in read)
        {
            Assert.NotEmpty(appended);
            var unknown = appended.Select((h, i) => (h, i)).Where(x => !origin.Contains(x.h)).Select(x => x.i).ToList();
            Assert.True(unknown.Count == 0, $"{unknown.Count} of {appended.Length} chunks appended to the SourceBuffer (at positions {string.Join(",", unknown)}) are not parts or segments the origin published ({origin.Count} origin hashes, {origin.FailedFetches} failed fetches)");
        }
    }

    private static async Task<List<ViewerSnapshot>> SnapshotAsync(IReadOnlyList<Viewer> viewers)
    {
        var result = new List<ViewerSnapshot>(viewers.Count);
        foreach (var v in viewers)
        {
            result.Add(new ViewerSnapshot(await v.Page.EvaluateAsync<JsonElement>(Snapshot)));
        }

        return result;
    }

    private static string Describe(int index, ViewerSnapshot before, ViewerSnapshot after) => string.Create(
        CultureInfo.InvariantCulture,
        $"viewer {index} {after.PeerId}: {after.State}, stalled {after.StallSeconds - before.StallSeconds:0.00} s, played {after.CurrentTime - before.CurrentTime:0.0} s, received {after.Received - before.Received:0} B (peers {after.Swarm("bytesFromPeers") - before.Swarm("bytesFromPeers"):0}), bad peers {after.Swarm("badPeers"):0}, neighbours [{string.Join(",", after.Neighbours)}]");

    private sealed record Viewer(IBrowserContext Context, IPage Page);

    private sealed class ViewerSnapshot(JsonElement json)
    {
        public string State { get; } = json.GetProperty("state").GetString() ?? "";

        public double StallSeconds { get; } = json.GetProperty("stallSeconds").GetDouble();

        public double CurrentTime { get; } = json.GetProperty("currentTime").GetDouble();

        public int Error { get; } = json.GetProperty("error").GetInt32();

        public string PeerId { get; } = json.GetProperty("peerId").GetString() ?? "";

        public IReadOnlyList<string> Neighbours { get; } = [.. json.GetProperty("neighbours").EnumerateArray().Select(e => e.GetString() ?? "")];

        public double Received => Swarm("bytesFromPeers") + Swarm("bytesFromOrigin");

        public double Swarm(string name) => json.GetProperty("swarm").GetProperty(name).GetDouble();
    }
}
