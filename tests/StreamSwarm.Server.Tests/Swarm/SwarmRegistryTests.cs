using Microsoft.Extensions.Options;
using StreamSwarm.Server.Swarm;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Tests.Swarm;

public class SwarmRegistryTests
{
    private readonly ManualTime _time = new();
    private readonly SwarmRegistry _registry;

    public SwarmRegistryTests()
    {
        _registry = new SwarmRegistry(Options.Create(new SwarmOptions { SuggestionHold = TimeSpan.FromSeconds(10) }), _time);
    }

    [Fact]
    public void Join_TwiceOnOneConnection_IsRefused()
    {
        Assert.NotNull(_registry.Join("c1", "demo", 1000, 8));
        Assert.Null(_registry.Join("c1", "demo", 1000, 8));
    }

    [Fact]
    public void Suggest_OnlyPeersOfTheSameStream_NeverTheAsker()
    {
        var a = _registry.Join("a", "demo", 1000, 8)!;
        var b = _registry.Join("b", "demo", 1000, 8)!;
        _registry.Join("x", "other", 1000, 8);

        var suggested = _registry.Suggest(a, 8);

        Assert.Equal([b.PeerId], suggested.Select(p => p.PeerId));
    }

    [Fact]
    public void Suggest_PutsSpareUploadFirst_AndNeverAFullPeer()
    {
        var asker = _registry.Join("asker", "demo", 1000, 8)!;
        var busy = _registry.Join("busy", "demo", 9000, 4)!;
        var idle = _registry.Join("idle", "demo", 1000, 4)!;
        var full = _registry.Join("full", "demo", 9000, 2)!;
        _registry.RecordStats(busy, Stats(peers: 3));
        _registry.RecordStats(full, Stats(peers: 2));

        var suggested = _registry.Suggest(asker, 8).Select(p => p.PeerId).ToList();

        Assert.Equal([idle.PeerId, busy.PeerId], suggested);
        Assert.DoesNotContain(full.PeerId, suggested);
    }

    [Fact]
    public void Suggest_HoldsAPlaceForAWhile_SoSimultaneousJoinersSpreadOut()
    {
        var seed = _registry.Join("seed", "demo", 1000, 1)!;
        var first = _registry.Join("first", "demo", 1000, 8)!;
        var second = _registry.Join("second", "demo", 1000, 8)!;

        Assert.Contains(seed.PeerId, _registry.Suggest(first, 1).Select(p => p.PeerId));
        Assert.DoesNotContain(seed.PeerId, _registry.Suggest(second, 8).Select(p => p.PeerId));

        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Contains(seed.PeerId, _registry.Suggest(second, 8).Select(p => p.PeerId));
    }

    [Fact]
    public void Suggest_AReportAfterTheSettleTime_EndsTheHold_SoAConnectedPeerIsNotCountedTwice()
    {
        var seed = _registry.Join("seed", "demo", 1000, 2)!;
        var first = _registry.Join("first", "demo", 1000, 8)!;
        var second = _registry.Join("second", "demo", 1000, 8)!;
        var third = _registry.Join("third", "demo", 1000, 8)!;
        Assert.Contains(seed.PeerId, _registry.Suggest(first, 1).Select(p => p.PeerId));

        // first connected to seed: seed reports 1 neighbour. Within the settle time the hold still
        // counts (the report may predate the connection): 1 + 1 = full for a maximum of 2.
        _time.Advance(TimeSpan.FromSeconds(1));
        _registry.RecordStats(seed, Report(peers: 1));
        Assert.DoesNotContain(seed.PeerId, _registry.Suggest(second, 8).Select(p => p.PeerId));

        // Past the settle time (3 s), the next report covers first's connection: one place is left.
        _time.Advance(TimeSpan.FromSeconds(3));
        _registry.RecordStats(seed, Report(peers: 1));
        Assert.Contains(seed.PeerId, _registry.Suggest(third, 8).Select(p => p.PeerId));
    }

    [Fact]
    public void Suggest_AReport_DoesNotEndAHoldYoungerThanTheSettleTime()
    {
        var seed = _registry.Join("seed", "demo", 1000, 1)!;
        var first = _registry.Join("first", "demo", 1000, 8)!;
        var second = _registry.Join("second", "demo", 1000, 8)!;
        Assert.Contains(seed.PeerId, _registry.Suggest(first, 1).Select(p => p.PeerId));

        _time.Advance(TimeSpan.FromSeconds(2));
        _registry.RecordStats(seed, Report(peers: 0));
        Assert.DoesNotContain(seed.PeerId, _registry.Suggest(second, 8).Select(p => p.PeerId));
    }

    [Fact]
    public void FindInSwarmOf_RefusesPeersOfAnotherStreamAndUnknownIds()
    {
        var a = _registry.Join("a", "demo", 1000, 8)!;
        var other = _registry.Join("o", "other", 1000, 8)!;

        Assert.Null(_registry.FindInSwarmOf(a, other.PeerId));
        Assert.Null(_registry.FindInSwarmOf(a, "nobody"));
        Assert.Null(_registry.FindInSwarmOf(a, a.PeerId));
    }

    [Fact]
    public void RecordStats_TheLatestCumulativeReportWins()
    {
        var a = _registry.Join("a", "demo", 1000, 8)!;

        _registry.RecordStats(a, Stats(fromPeers: 1));
        _registry.RecordStats(a, Stats(fromPeers: 3, peers: 2));

        Assert.Equal(3, _registry.Aggregate("demo").Totals.BytesFromPeers);
        Assert.Equal(2, a.ReportedNeighbours);
    }

    [Fact]
    public void Aggregate_KeepsTheFiguresOfPeersThatLeft()
    {
        var a = _registry.Join("a", "demo", 1000, 8)!;
        var b = _registry.Join("b", "demo", 1000, 8)!;
        _registry.RecordStats(a, Stats(fromPeers: 100, fromOrigin: 10));
        _registry.RecordStats(b, Stats(fromPeers: 50, fromOrigin: 40));

        _registry.Leave("a");
        var (peers, totals, _) = _registry.Aggregate("demo");

        Assert.Equal(1, peers);
        Assert.Equal(150, totals.BytesFromPeers);
        Assert.Equal(50, totals.BytesFromOrigin);
        Assert.Null(_registry.FindByConnection("a"));
        Assert.Null(_registry.FindInSwarmOf(b, a.PeerId));
    }

    [Fact]
    public void StatsReport_RefusesNegativeAndNonFiniteFigures()
    {
        Assert.True(Stats().IsValid());
        Assert.False((Stats() with { BytesFromPeers = -1 }).IsValid());
        Assert.False((Stats() with { LatencySeconds = double.NaN }).IsValid());
        Assert.False((Stats() with { Stalls = double.PositiveInfinity }).IsValid());
    }

    [Fact]
    public void SignalRateLimiter_AllowsTheBurstThenTheRate()
    {
        var limiter = new SignalRateLimiter(ratePerSecond: 10, burst: 5, _time);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire());
        }

        Assert.False(limiter.TryAcquire());
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(limiter.TryAcquire());
        Assert.False(limiter.TryAcquire());
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("relay", false)]
    [InlineData("all", true)]
    public void OptionsValidator_ChecksThePolicyAndThatRelayHasATurnServer(string policy, bool ok)
    {
        var result = new SwarmOptionsValidator().Validate(null, new SwarmOptions { IceTransportPolicy = policy });
        Assert.Equal(ok, result.Succeeded);
    }

    [Fact]
    public void OptionsValidator_RefusesUrlsThatAreNotStunOrTurn()
    {
        var options = new SwarmOptions { IceServers = [new IceServer(["http://127.0.0.1:3478"])] };
        var result = new SwarmOptionsValidator().Validate(null, options);
        Assert.False(result.Succeeded);
        Assert.Contains("not a stun:, turn: or turns: url", result.FailureMessage, StringComparison.Ordinal);

        var relay = new SwarmOptions { IceTransportPolicy = "relay", IceServers = [new IceServer(["turn:127.0.0.1:3478"], "u", "p")] };
        Assert.True(new SwarmOptionsValidator().Validate(null, relay).Succeeded);
    }

    private static StatsReport Stats(double fromPeers = 0, double fromOrigin = 0, double peers = 0) =>
        new(fromPeers, fromOrigin, 0, 0, 0, 0, 0, 0, peers);

    [Fact]
    public void RecordBadPeer_CountsEveryReport_AndShunsAPeerOnlyOnceTwoDistinctPeersReportedIt()
    {
        var a = _registry.Join("a", "demo", 1000, 8)!;
        var b = _registry.Join("b", "demo", 1000, 8)!;
        var c = _registry.Join("c", "demo", 1000, 8)!;
        var bad = _registry.Join("bad", "demo", 1000, 8)!;
        var other = _registry.Join("o", "other", 1000, 8)!;

        Assert.Same(bad, _registry.RecordBadPeer(a, bad.PeerId));
        Assert.Same(bad, _registry.RecordBadPeer(a, bad.PeerId));
        Assert.Contains(bad.PeerId, _registry.Suggest(c, 8).Select(p => p.PeerId));
        Assert.Equal((2L, 0), _registry.BadPeers("demo"));

        Assert.Same(bad, _registry.RecordBadPeer(b, bad.PeerId));
        Assert.DoesNotContain(bad.PeerId, _registry.Suggest(c, 8).Select(p => p.PeerId));
        Assert.Equal((3L, 1), _registry.BadPeers("demo"));

        // Unknown peers, peers of another stream and oneself are counted but accuse nobody.
        Assert.Null(_registry.RecordBadPeer(a, "nobody"));
        Assert.Null(_registry.RecordBadPeer(a, other.PeerId));
        Assert.Null(_registry.RecordBadPeer(a, a.PeerId));
        Assert.Equal((6L, 1), _registry.BadPeers("demo"));
        Assert.Equal((0L, 0), _registry.BadPeers("other"));
    }

    private static StatsReport Report(int peers) => new(0, 0, 0, 0, 0, 0, 0, 0, peers);
}
