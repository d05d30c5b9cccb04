using Microsoft.Extensions.Options;
using StreamSwarm.Server.Swarm;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Tests.Swarm;

/// <summary>The hub's choice of the peers that fetch each part from the origin (SwarmRegistry.ChooseFetchers).</summary>
public class OriginFetchersTests
{
    private readonly SwarmRegistry _registry = new(Options.Create(new SwarmOptions { ViewersPerFetcher = 16 }), new ManualTime());
    private int _connections;

    [Fact]
    public void FetcherScore_HashesLikeTheViewersElection()
    {
        // Values of hash32() in web/src/core/origin-election.ts for the same text.
        Assert.Equal(1422615506u, FetcherScore.Hash32("0123456789abcdef01234567", "main", 42, 3));
        Assert.Equal(944839571u, FetcherScore.Hash32("a", "720p", 0, 0));
    }

    [Fact]
    public void NoPeers_NoFetchers()
    {
        Assert.Null(_registry.ChooseFetchers("demo", "main", 0, 0));
        Join("other", "main");
        Assert.Null(_registry.ChooseFetchers("demo", "main", 0, 0));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(16, 1)]
    [InlineData(17, 2)]
    [InlineData(48, 3)]
    [InlineData(49, 4)]
    [InlineData(200, 8)]
    public void Count_IsViewersOverViewersPerFetcher_RoundedUp_AtMostEight(int viewers, int fetchers)
    {
        for (var i = 0; i < viewers; i++)
        {
            Join("demo", "main");
        }

        var chosen = _registry.ChooseFetchers("demo", "main", 7, 1);

        Assert.NotNull(chosen);
        Assert.Equal(fetchers, chosen.Length);
        Assert.Equal(fetchers, chosen.Distinct().Count());
    }

    [Fact]
    public void OnlyPeersPlayingTheRendition_AreChosen_AndPeersWithoutOneAreNot()
    {
        var low = Enumerable.Range(0, 4).Select(_ => Join("demo", "low")).ToHashSet();
        var high = Enumerable.Range(0, 4).Select(_ => Join("demo", "high")).ToHashSet();
        Join("demo", rendition: null);

        for (var part = 0; part < 50; part++)
        {
            Assert.Subset(low, _registry.ChooseFetchers("demo", "low", 1, part)!.ToHashSet());
            Assert.Subset(high, _registry.ChooseFetchers("demo", "high", 1, part)!.ToHashSet());
        }

        Assert.Null(_registry.ChooseFetchers("demo", "nobody-plays-it", 1, 0));
    }

    [Fact]
    public void WhenNoPeerNamedARendition_EveryPeerIsACandidate()
    {
        var all = Enumerable.Range(0, 3).Select(_ => Join("demo", rendition: null)).ToHashSet();
        var seen = new HashSet<string>();

        for (var part = 0; part < 60; part++)
        {
            seen.UnionWith(_registry.ChooseFetchers("demo", "main", part / 4, part % 4)!);
        }

        Assert.Equal(all, seen);
    }

    [Fact]
    public void Choice_IsDeterministic_AndSharedInProportionToUpload()
    {
        var slow = Join("demo", "main", uploadKbps: 1000);
        var fast = Join("demo", "main", uploadKbps: 3000);
        var counts = new Dictionary<string, int> { [slow] = 0, [fast] = 0 };

        for (var msn = 0; msn < 1000; msn++)
        {
            var chosen = _registry.ChooseFetchers("demo", "main", msn, 2)!;
            Assert.Equal(chosen, _registry.ChooseFetchers("demo", "main", msn, 2));
            counts[Assert.Single(chosen)]++;
        }

        // Expected 750 of 1000 for the peer with three times the upload; ±60 is about 4 sigma.
        Assert.InRange(counts[fast], 690, 810);
    }

    [Fact]
    public void Parts_AreSpreadEvenly_OverEqualPeers()
    {
        var peers = Enumerable.Range(0, 16).Select(_ => Join("demo", "main")).ToList();
        var counts = peers.ToDictionary(p => p, _ => 0);

        for (var msn = 0; msn < 500; msn++)
        {
            for (var part = 0; part < 4; part++)
            {
                foreach (var p in _registry.ChooseFetchers("demo", "main", msn, part)!)
                {
                    counts[p]++;
                }
            }
        }

        // 1 fetcher x 2000 parts over 16 peers: 125 each on average.
        Assert.All(counts.Values, c => Assert.InRange(c, 85, 165));
    }

    [Fact]
    public void AShunnedPeer_IsNeverChosen()
    {
        var reporters = Enumerable.Range(0, 2).Select(_ => _registry.Join(NextConnection(), "demo", 1000, 8)!).ToList();
        var accused = Join("demo", "main", uploadKbps: 1_000_000);
        foreach (var r in reporters)
        {
            _registry.RecordStats(r, Stats("main"));
        }

        Assert.Contains(accused, _registry.ChooseFetchers("demo", "main", 3, 0)!);
        foreach (var r in reporters)
        {
            _registry.RecordBadPeer(r, accused);
        }

        for (var part = 0; part < 100; part++)
        {
            Assert.DoesNotContain(accused, _registry.ChooseFetchers("demo", "main", part, 0)!);
        }
    }

    [Fact]
    public void ALaterReportWithoutARendition_KeepsTheLastOneNamed()
    {
        var peer = _registry.Join(NextConnection(), "demo", 1000, 8)!;
        _registry.RecordStats(peer, Stats("main"));

        _registry.RecordStats(peer, Stats(rendition: null));

        Assert.Equal("main", peer.Rendition);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("main", true)]
    [InlineData("Video_720p-2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("../etc", false)]
    [InlineData("é", false)]
    public void StatsReport_ChecksTheRendition(string? rendition, bool valid)
    {
        Assert.Equal(valid, Stats(rendition).HasValidRendition());
        Assert.True(Stats(new string('r', StatsReport.MaxRenditionLength)).HasValidRendition());
        Assert.False(Stats(new string('r', StatsReport.MaxRenditionLength + 1)).HasValidRendition());
    }

    [Fact]
    public void ViewersPerFetcherZero_TurnsAssignmentOff_AndTheDefaultIsOnePer16()
    {
        var off = new SwarmRegistry(Options.Create(new SwarmOptions { ViewersPerFetcher = 0 }), new ManualTime());
        off.Join("c1", "demo", 1000, 8);
        Assert.Null(off.ChooseFetchers("demo", "main", 0, 0));

        Assert.Equal(16, new SwarmOptions().ViewersPerFetcher);
        var on = new SwarmRegistry(Options.Create(new SwarmOptions()), new ManualTime());
        on.Join("c1", "demo", 1000, 8);
        Assert.Single(on.ChooseFetchers("demo", "main", 0, 0)!);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(8, true)]
    [InlineData(-3, false)]
    public void OptionsValidator_ChecksViewersPerFetcher(int value, bool ok)
    {
        var result = new SwarmOptionsValidator().Validate(null, new SwarmOptions { ViewersPerFetcher = value });
        Assert.Equal(ok, result.Succeeded);
    }

    private string Join(string stream, string? rendition, long uploadKbps = 1000)
    {
        var peer = _registry.Join(NextConnection(), stream, uploadKbps, 8)!;
        _registry.RecordStats(peer, Stats(rendition));
        return peer.PeerId;
    }

    private string NextConnection() => "c" + ++_connections;

    private static StatsReport Stats(string? rendition) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, rendition);
}
