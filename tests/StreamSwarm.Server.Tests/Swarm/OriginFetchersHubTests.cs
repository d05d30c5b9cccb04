using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StreamSwarm.Server.Swarm.Contracts;
using StreamSwarm.Server.Tests.Support;

namespace StreamSwarm.Server.Tests.Swarm;

/// <summary>
/// Origin fetchers pushed with each part's hash, over a real SignalR connection to a real server
/// with a live broadcast (the test server runs with ViewersPerFetcher 8; the default is 16).
/// </summary>
[Collection(LiveServerCollection.Name)]
public sealed class OriginFetchersHubTests(LiveServer server) : SwarmStreamTests(server)
{
    private int _nextPart = 1;

    [Fact]
    public async Task EachPart_IsPushedWithItsFetchers_AndAClosedSegmentWithout()
    {
        var (a, joinA, pushed) = await JoinAsync("main");
        var (_, joinB, _) = await JoinAsync("main");

        var clip = await CmafClip.GetAsync();
        var upTo = clip.Parts.Select((p, i) => (p, i)).First(x => x.p.Msn == 1 && x.p.Part == 0).i;
        var hashes = new List<PartHash>();
        while (_nextPart <= upTo)
        {
            hashes.AddRange(await PutNextPartAsync(pushed));
        }

        Assert.All(hashes.Where(h => h.Part != PartHash.WholeSegment), h =>
            Assert.Contains(Assert.Single(h.Fetchers!), new[] { joinA.PeerId, joinB.PeerId }));
        Assert.Null(Assert.Single(hashes, h => h.Part == PartHash.WholeSegment).Fetchers);
        Assert.Equal(HubConnectionState.Connected, a.State);
    }

    [Fact]
    public async Task OnlyPeersPlayingThePartsRendition_AreChosen()
    {
        var (_, onMain, pushed) = await JoinAsync("main");
        await JoinAsync("low");
        await JoinAsync("low");

        for (var i = 0; i < 4; i++)
        {
            var part = (await PutNextPartAsync(pushed))[0];
            Assert.Equal([onMain.PeerId], part.Fetchers);
        }
    }

    [Fact]
    public async Task TheNumberOfFetchers_GrowsWithThePeers()
    {
        var (_, _, pushed) = await JoinAsync("main");
        for (var i = 1; i < 8; i++)
        {
            await JoinAsync("main");
        }

        Assert.Single((await PutNextPartAsync(pushed))[0].Fetchers!);

        await JoinAsync("main");
        var fetchers = (await PutNextPartAsync(pushed))[0].Fetchers!;
        Assert.Equal(2, fetchers.Count);
        Assert.Equal(2, fetchers.Distinct().Count());

        await JoinAsync("other-rendition");
        Assert.Equal(2, (await PutNextPartAsync(pushed))[0].Fetchers!.Count);
    }

    [Fact]
    public async Task AShunnedPeer_IsNeverChosen()
    {
        var (_, accused, pushed) = await JoinAsync("main");
        var (reporterA, _, _) = await JoinAsync("low");
        var (reporterB, _, _) = await JoinAsync("low");
        Assert.Equal([accused.PeerId], (await PutNextPartAsync(pushed))[0].Fetchers);

        await reporterA.InvokeAsync("ReportBadPeer", new BadPeerReport(accused.PeerId, "SHA-256 mismatch on main/0/1"));
        await reporterB.InvokeAsync("ReportBadPeer", new BadPeerReport(accused.PeerId, "SHA-256 mismatch on main/0/1"));

        // The only peer on the rendition is shunned: nobody is assigned and every viewer falls back
        // to its own election.
        Assert.Null((await PutNextPartAsync(pushed))[0].Fetchers);
        Assert.Null((await PutNextPartAsync(pushed))[0].Fetchers);
    }

    [Fact]
    public async Task ABadRenditionInStats_IsRefused_AndTheHubStaysUp()
    {
        var (a, joinA, pushed) = await JoinAsync("main");

        foreach (var bad in new[] { string.Empty, "has space", "../main", new string('r', 33), "rendu\u00e9" })
        {
            var e = await Assert.ThrowsAsync<HubException>(() => a.InvokeAsync("ReportStats", Stats(bad)));
            Assert.Contains("rendition must be", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(HubConnectionState.Connected, a.State);
        await a.InvokeAsync("ReportStats", Stats("main"));
        Assert.Equal([joinA.PeerId], (await PutNextPartAsync(pushed))[0].Fetchers);
    }

    /// <summary>Joins a new connection and reports <paramref name="rendition"/>; the channel receives every hash pushed to it.</summary>
    private async Task<(HubConnection Connection, JoinResult Join, ChannelReader<PartHash> Pushed)> JoinAsync(string rendition)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(Server.BaseUri, "/hubs/swarm")).Build();
        Connections.Add(connection);
        var pushed = Channel.CreateUnbounded<PartHash>();
        connection.On<List<PartHash>>("PartHashes", batch =>
        {
            foreach (var h in batch)
            {
                pushed.Writer.TryWrite(h);
            }
        });
        await connection.StartAsync();
        var join = await connection.InvokeAsync<JoinResult>("Join", new JoinRequest("swarm", 2000, 8));
        await connection.InvokeAsync("ReportStats", Stats(rendition));
        return (connection, join, pushed.Reader);
    }

    /// <summary>Ingests the clip's next part and returns what was pushed for it: the part first, then the segment it closed, if any.</summary>
    private async Task<List<PartHash>> PutNextPartAsync(ChannelReader<PartHash> pushed)
    {
        var clip = await CmafClip.GetAsync();
        var part = clip.Parts[_nextPart++];
        using var response = await Server.PutPartAsync("swarm", Session, part);
        response.EnsureSuccessStatusCode();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var batch = new List<PartHash>();
        while (true)
        {
            var h = await pushed.ReadAsync(timeout.Token);
            if (h.Msn == part.Msn && h.Part == part.Part)
            {
                batch.Add(h);
                if (part.Part != 0 || part.Msn == 0)
                {
                    return batch;
                }

                // Part 0 of a segment closes the one before: its hash comes in the same batch.
                batch.Add(await pushed.ReadAsync(timeout.Token));
                return batch;
            }
        }
    }

    private static StatsReport Stats(string rendition) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, rendition);
}
