using System.Text.Json;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// The swarm bench's viewers without video (web/src/headless) against the real server, broadcast
/// and coturn: they must play, relay to each other through the real engine, report to the hub like
/// a player does, and an HTTP-only one must fetch from the origin alone — otherwise the bench's
/// figures would describe a harness, not the swarm.
/// </summary>
public sealed class HeadlessViewerTests(SwarmStage stage) : IClassFixture<SwarmStage>
{
    [Fact]
    public async Task ViewersWithoutVideo_PlayAtTheLiveEdge_AndFetchMostOfTheStreamFromEachOther()
    {
        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await HeadlessViewerPage.OpenAsync(browser, stage.Rig.BaseUri);
            try
            {
                await page.StartViewerAsync(stage.Rig.BaseUri, stage.Rig.Stream, p2p: false);
                for (var i = 0; i < 4; i++)
                {
                    await Task.Delay(1000);
                    await page.StartViewerAsync(stage.Rig.BaseUri, stage.Rig.Stream, p2p: true);
                }

                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
                JsonElement[] samples;
                while (true)
                {
                    samples = await page.SampleAsync();
                    if (samples.All(s => s.GetProperty("state").GetString() == "playing") || DateTime.UtcNow > deadline)
                    {
                        break;
                    }

                    await Task.Delay(250);
                }

                Assert.All(samples, s => Assert.Equal("playing", s.GetProperty("state").GetString()));
                await Task.Delay(TimeSpan.FromSeconds(6));
                var hubBefore = await stage.Rig.SwarmStatsAsync(stage.Http);
                var before = await page.SampleAsync();
                await Task.Delay(TimeSpan.FromSeconds(14));
                var after = await page.SampleAsync();
                var hubAfter = await stage.Rig.SwarmStatsAsync(stage.Http);

                // The HTTP-only viewer: everything from the origin, no engine.
                Assert.Equal(JsonValueKind.Null, after[0].GetProperty("swarm").ValueKind);
                Assert.True(after[0].GetProperty("httpMediaBytes").GetDouble() - before[0].GetProperty("httpMediaBytes").GetDouble() > 100_000, "the HTTP-only viewer fetched media");
                for (var i = 0; i < after.Length; i++)
                {
                    var latency = after[i].GetProperty("latency").GetDouble();
                    Assert.InRange(latency, 0.5, 6.0);
                    Assert.True(after[i].GetProperty("stallSeconds").GetDouble() - before[i].GetProperty("stallSeconds").GetDouble() <= 1.0, $"viewer {i} stalled: {after[i]}");
                }

                // The swarm viewers: parts from each other, reported to the hub as the page player does.
                double fromPeers = 0, fromOrigin = 0;
                for (var i = 1; i < after.Length; i++)
                {
                    var a = after[i].GetProperty("swarm");
                    var b = before[i].GetProperty("swarm");
                    fromPeers += a.GetProperty("bytesFromPeers").GetDouble() - b.GetProperty("bytesFromPeers").GetDouble();
                    fromOrigin += a.GetProperty("bytesFromOrigin").GetDouble() - b.GetProperty("bytesFromOrigin").GetDouble();
                    Assert.True(a.GetProperty("peers").GetInt32() >= 1, $"viewer {i} has no neighbour: {a}");
                }

                Assert.True(fromPeers / (fromPeers + fromOrigin) >= 0.5, $"from peers {fromPeers} B, from origin {fromOrigin} B");
                var hubPeers = hubAfter.GetProperty("bytesFromPeers").GetDouble() - hubBefore.GetProperty("bytesFromPeers").GetDouble();
                Assert.True(hubPeers > 0.5 * fromPeers, $"the hub saw {hubPeers} B from peers, the viewers {fromPeers} B");
                Assert.True(hubAfter.GetProperty("peers").GetInt32() >= 4, hubAfter.ToString());
            }
            finally
            {
                await page.CloseAsync();
            }
        }
    }
}
