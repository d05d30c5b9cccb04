using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>
/// Who is in which swarm. Thread-safe; one lock guards all swarms because joins, leaves and
/// suggestions are rare next to media traffic and each is a few microseconds.
/// </summary>
public sealed partial class SwarmRegistry(IOptions<SwarmOptions> options, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SwarmPeer> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SwarmPeer> _byPeer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SwarmPeer>> _byStream = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StatsReport> _departedTotals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _badPeerReports = new(StringComparer.Ordinal);
    private readonly SwarmOptions _options = options.Value;

    public SwarmPeer? FindByConnection(string connectionId)
    {
        lock (_gate)
        {
            return _byConnection.GetValueOrDefault(connectionId);
        }
    }

    /// <summary>Adds a peer; null when this connection already joined.</summary>
    public SwarmPeer? Join(string connectionId, string stream, long uploadKbps, int maxNeighbours)
    {
        var peer = new SwarmPeer(
            NewPeerId(), connectionId, stream, uploadKbps, maxNeighbours,
            new SignalRateLimiter(_options.SignalsPerSecond, _options.SignalBurst, time));
        lock (_gate)
        {
            if (!_byConnection.TryAdd(connectionId, peer))
            {
                return null;
            }

            _byPeer.Add(peer.PeerId, peer);
            if (!_byStream.TryGetValue(stream, out var members))
            {
                _byStream[stream] = members = [];
            }

            members.Add(peer);
            return peer;
        }
    }

    /// <summary>Removes the connection's peer, keeping its last figures in the stream's totals.</summary>
    public SwarmPeer? Leave(string connectionId)
    {
        lock (_gate)
        {
            if (!_byConnection.Remove(connectionId, out var peer))
            {
                return null;
            }

            _byPeer.Remove(peer.PeerId);
            if (_byStream.TryGetValue(peer.Stream, out var members))
            {
                members.Remove(peer);
                if (members.Count == 0)
                {
                    _byStream.Remove(peer.Stream);
                }
            }

            if (peer.LastStats is { } last)
            {
                _departedTotals[peer.Stream] = _departedTotals.TryGetValue(peer.Stream, out var total) ? Add(total, last) : last;
            }

            return peer;
        }
    }

    /// <summary>The addressee of a signal when it is in the sender's swarm; null otherwise (unknown, or another stream).</summary>
    public SwarmPeer? FindInSwarmOf(SwarmPeer sender, string peerId)
    {
        lock (_gate)
        {
            return _byPeer.TryGetValue(peerId, out var peer) && peer.Stream == sender.Stream && peer != sender ? peer : null;
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> neighbours for <paramref name="forPeer"/>: peers with the most
    /// spare room first (fewest neighbours for their maximum, then most upload), never a full one.
    /// Each suggestion holds a place at that peer for a while so simultaneous joiners spread out.
    /// </summary>
    public IReadOnlyList<PeerInfo> Suggest(SwarmPeer forPeer, int count, IReadOnlySet<string>? exclude = null)
    {
        count = Math.Min(count, _options.MaxSuggestions);
        var now = time.GetTimestamp();
        var holdUntil = now + (long)(_options.SuggestionHold.TotalSeconds * time.TimestampFrequency);
        lock (_gate)
        {
            if (!_byStream.TryGetValue(forPeer.Stream, out var members))
            {
                return [];
            }

            var candidates = new List<(SwarmPeer Peer, double Load)>(members.Count);
            foreach (var p in members)
            {
                if (p == forPeer || exclude?.Contains(p.PeerId) == true)
                {
                    continue;
                }

                var used = p.EffectiveNeighbours(now);
                if (used < p.MaxNeighbours && !IsShunned(p))
                {
                    candidates.Add((p, (double)used / p.MaxNeighbours));
                }
            }

            candidates.Sort((a, b) => a.Load != b.Load ? a.Load.CompareTo(b.Load) : b.Peer.UploadKbps.CompareTo(a.Peer.UploadKbps));
            var result = new List<PeerInfo>(Math.Min(count, candidates.Count));
            for (var i = 0; i < candidates.Count && result.Count < count; i++)
            {
                candidates[i].Peer.HoldSuggestion(now, holdUntil);
                result.Add(candidates[i].Peer.ToInfo());
            }

            return result;
        }
    }

    /// <summary>
    /// A report that <paramref name="accusedPeerId"/> sent bytes failing the hash or broke the
    /// protocol. Counted for the stream; the accused, when it is in the reporter's swarm, is no longer
    /// suggested once <see cref="SwarmOptions.BadPeerReportsToShun"/> distinct peers reported it.
    /// Returns the accused, or null when it is not in the reporter's swarm.
    /// </summary>
    public SwarmPeer? RecordBadPeer(SwarmPeer reporter, string accusedPeerId)
    {
        lock (_gate)
        {
            _badPeerReports[reporter.Stream] = _badPeerReports.GetValueOrDefault(reporter.Stream) + 1;
            if (!_byPeer.TryGetValue(accusedPeerId, out var accused) || accused.Stream != reporter.Stream || accused == reporter)
            {
                return null;
            }

            accused.ReportedBy.Add(reporter.PeerId);
            return accused;
        }
    }

    /// <summary>Bad-peer reports received for the stream, and how many present peers are shunned for them.</summary>
    public (long Reports, int ShunnedPeers) BadPeers(string stream)
    {
        lock (_gate)
        {
            var shunned = 0;
            foreach (var p in _byStream.GetValueOrDefault(stream) ?? [])
            {
                if (IsShunned(p))
                {
                    shunned++;
                }
            }

            return (_badPeerReports.GetValueOrDefault(stream), shunned);
        }
    }

    /// <summary>
    /// Keeps a peer's latest report (reports are cumulative, so the latest one wins) and the latest
    /// rendition it named; suggestions of it older than <see cref="SwarmOptions.SuggestionSettle"/>
    /// stop counting, as its neighbour count now covers them.
    /// </summary>
    public void RecordStats(SwarmPeer peer, StatsReport report)
    {
        var settledBefore = time.GetTimestamp() - (long)(_options.SuggestionSettle.TotalSeconds * time.TimestampFrequency);
        lock (_gate)
        {
            peer.LastStats = report;
            peer.Rendition = report.Rendition ?? peer.Rendition;
            peer.ReportedNeighbours = (int)Math.Min(report.Peers, int.MaxValue);
            peer.SettleSuggestions(settledBefore);
        }
    }

    /// <summary>Latest figures of every peer present plus the totals of peers that left.</summary>
    public (int Peers, StatsReport Totals, double MeanLatency) Aggregate(string stream)
    {
        lock (_gate)
        {
            var totals = _departedTotals.GetValueOrDefault(stream) ?? Zero;
            var latencySum = 0.0;
            var reporting = 0;
            var members = _byStream.GetValueOrDefault(stream) ?? [];
            foreach (var p in members)
            {
                if (p.LastStats is { } s)
                {
                    totals = Add(totals, s);
                    latencySum += s.LatencySeconds;
                    reporting++;
                }
            }

            return (members.Count, totals, reporting == 0 ? 0 : latencySum / reporting);
        }
    }

    private static readonly StatsReport Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static StatsReport Add(StatsReport a, StatsReport b) => new(
        a.BytesFromPeers + b.BytesFromPeers,
        a.BytesFromOrigin + b.BytesFromOrigin,
        a.BytesToPeers + b.BytesToPeers,
        a.PartsOnTime + b.PartsOnTime,
        a.PartsLate + b.PartsLate,
        a.Stalls + b.Stalls,
        a.StallSeconds + b.StallSeconds,
        0,
        0);

    // 96 random bits: unguessable, so a peer cannot address signals to peers it was never told of.
    private static string NewPeerId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
