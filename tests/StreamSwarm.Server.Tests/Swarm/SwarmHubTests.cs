using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StreamSwarm.Server.Swarm.Contracts;
using StreamSwarm.Server.Tests.Support;

namespace StreamSwarm.Server.Tests.Swarm;

/// <summary>The swarm hub over a real SignalR connection to a real server with a live broadcast.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class SwarmHubTests(LiveServer server) : SwarmStreamTests(server)
{
    [Fact]
    public async Task Join_ReturnsNeighboursRenditionsAndTheHashesAlreadyIngested()
    {
        var a = await ConnectAsync();
        var b = await ConnectAsync();

        var joinA = await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));
        var joinB = await b.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));

        Assert.Empty(joinA.Neighbours);
        Assert.Equal([joinA.PeerId], joinB.Neighbours.Select(n => n.PeerId));
        Assert.Equal(["main"], joinB.Renditions);
        Assert.Equal("all", joinB.IceTransportPolicy);
        var clip = await CmafClip.GetAsync();
        Assert.Contains(joinB.Hashes, h => h.Msn == 0 && h.Part == 0 && h.Size == clip.Parts[0].Bytes.Length
            && h.Sha256 == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(clip.Parts[0].Bytes)));
    }

    [Fact]
    public async Task IngestedParts_ArePushedAsHashes_AndTheClosedSegmentToo()
    {
        var a = await ConnectAsync();
        var pushed = new List<PartHash>();
        var gotSegment = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.On<List<PartHash>>("PartHashes", batch =>
        {
            lock (pushed)
            {
                pushed.AddRange(batch);
                if (batch.Exists(h => h.Part == PartHash.WholeSegment))
                {
                    gotSegment.TrySetResult();
                }
            }
        });
        await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));

        var clip = await CmafClip.GetAsync();
        foreach (var part in clip.Parts.Skip(1).TakeWhile(p => p.Msn <= 1))
        {
            await Server.PutPartAsync("swarm", Session, part);
        }

        await gotSegment.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (pushed)
        {
            var segment = pushed.Single(h => h.Part == PartHash.WholeSegment);
            var bytes = clip.Parts.Where(p => p.Msn == 0).SelectMany(p => p.Bytes).ToArray();
            Assert.Equal(0, segment.Msn);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), segment.Sha256);
        }
    }

    [Fact]
    public async Task Signal_IsRelayedWithinTheSwarm_AndRefusedAcrossStreamsOrWhenMalformed()
    {
        var a = await ConnectAsync();
        var b = await ConnectAsync();
        var received = new TaskCompletionSource<SignalEnvelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.On<SignalEnvelope>("Signal", s => received.TrySetResult(s));
        var joinA = await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));
        var joinB = await b.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));

        await a.InvokeAsync("Signal", new SignalRequest(joinB.PeerId, "offer", "v=0 fake sdp"));
        var envelope = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new SignalEnvelope(joinA.PeerId, "offer", "v=0 fake sdp"), envelope);

        await AssertRefusedAsync(a.InvokeAsync("Signal", new SignalRequest(joinB.PeerId, "shout", "x")), "kind must be");
        await AssertRefusedAsync(a.InvokeAsync("Signal", new SignalRequest(joinB.PeerId, "candidate", new string('c', 3000))), "at most");
        await AssertRefusedAsync(a.InvokeAsync("Signal", new SignalRequest("not-a-peer", "offer", "x")), "not in this swarm");
        await AssertRefusedAsync(a.InvokeAsync("Signal", new SignalRequest(null, "offer", "x")), "needs");

        // The connection survives the refusals.
        Assert.Equal(HubConnectionState.Connected, a.State);
        Assert.NotNull(await a.InvokeAsync<IReadOnlyList<PeerInfo>>("RequestNeighbours", 4));
    }

    [Fact]
    public async Task Signal_IsRateLimited()
    {
        var a = await ConnectAsync();
        var b = await ConnectAsync();
        await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));
        var joinB = await b.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));

        var refused = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await a.InvokeAsync("Signal", new SignalRequest(joinB.PeerId, "candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host"));
            }
            catch (HubException e) when (e.Message.Contains("Too many", StringComparison.Ordinal))
            {
                refused++;
            }
        }

        Assert.InRange(refused, 1, 200 - 80);
    }

    [Fact]
    public async Task BadJoins_AreRefusedWithClearErrors_AndTheHubStaysUp()
    {
        var a = await ConnectAsync();

        await AssertRefusedAsync(a.InvokeAsync<JoinResult>("Join", new JoinRequest("not-live-here", 1000, 8)), "is not live");
        await AssertRefusedAsync(a.InvokeAsync<JoinResult>("Join", new JoinRequest("Bad Name", 1000, 8)), "invalid");
        await AssertRefusedAsync(a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", -1, 8)), "uploadKbps");
        await AssertRefusedAsync(a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 99)), "maxNeighbours");
        await AssertRefusedAsync(a.InvokeAsync("Signal", new SignalRequest("x", "offer", "y")), "Join a swarm first");
        await AssertRefusedAsync(a.InvokeAsync("ReportStats", new StatsReport(1, 1, 1, 1, 1, 1, 1, 1, 1)), "Join a swarm first");

        await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 8));
        await AssertRefusedAsync(a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 8)), "already joined");
        await AssertRefusedAsync(a.InvokeAsync("ReportStats", new StatsReport(-1, 0, 0, 0, 0, 0, 0, 0, 0)), "non-negative");
        await AssertRefusedAsync(a.InvokeAsync("ReportBadPeer", new BadPeerReport("p", new string('r', 300))), "reason");
        Assert.Equal(HubConnectionState.Connected, a.State);
    }

    [Fact]
    public async Task Stats_AreAggregated_AndKeptWhenAPeerLeaves_AndLeaversAreAnnounced()
    {
        var a = await ConnectAsync();
        var b = await ConnectAsync();
        var left = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.On<string>("PeerLeft", id => left.TrySetResult(id));
        var before = await SwarmStatsAsync();
        var joinA = await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 8));
        await b.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 8));

        await a.InvokeAsync("ReportStats", new StatsReport(600, 400, 100, 9, 1, 0, 0, 1.5, 1));
        await b.InvokeAsync("ReportStats", new StatsReport(300, 100, 50, 10, 0, 1, 0.4, 2.5, 1));
        await a.StopAsync();
        Assert.Equal(joinA.PeerId, await left.Task.WaitAsync(TimeSpan.FromSeconds(5)));

        var after = await SwarmStatsAsync();
        Assert.Equal(900, after.GetProperty("bytesFromPeers").GetDouble() - before.GetProperty("bytesFromPeers").GetDouble());
        Assert.Equal(500, after.GetProperty("bytesFromOrigin").GetDouble() - before.GetProperty("bytesFromOrigin").GetDouble());
        Assert.True(after.GetProperty("originMediaBytesServed").GetInt64() >= 0);
    }

    [Fact]
    public async Task ReportBadPeer_IsCountedInTheSwarmStats()
    {
        var a = await ConnectAsync();
        var b = await ConnectAsync();
        await a.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 8));
        var joinB = await b.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 1000, 8));
        var before = (await SwarmStatsAsync()).GetProperty("badPeerReports").GetInt64();

        await a.InvokeAsync("ReportBadPeer", new BadPeerReport(joinB.PeerId, "SHA-256 mismatch on main/3/1"));

        Assert.Equal(before + 1, (await SwarmStatsAsync()).GetProperty("badPeerReports").GetInt64());
    }

    private async Task<JsonElement> SwarmStatsAsync() =>
        await Server.Http.GetFromJsonAsync<JsonElement>("/api/streams/swarm/swarm");

    private async Task<HubConnection> ConnectAsync()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(Server.BaseUri, "/hubs/swarm")).Build();
        await connection.StartAsync();
        Connections.Add(connection);
        return connection;
    }

    private static async Task AssertRefusedAsync(Task call, string says)
    {
        var e = await Assert.ThrowsAsync<HubException>(() => call);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }
}
