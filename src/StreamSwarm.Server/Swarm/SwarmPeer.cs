using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>One viewer (or .NET peer) joined to a stream's swarm through one hub connection.</summary>
public sealed class SwarmPeer(string peerId, string connectionId, string stream, long uploadKbps, int maxNeighbours, SignalRateLimiter limiter)
{
    /// <summary>Suggestions of this peer handed out: when, and until when they count.</summary>
    private readonly Queue<(long Made, long Until)> _pending = new();

    public string PeerId { get; } = peerId;

    public string ConnectionId { get; } = connectionId;

    public string Stream { get; } = stream;

    public long UploadKbps { get; } = uploadKbps;

    public int MaxNeighbours { get; } = maxNeighbours;

    public SignalRateLimiter Limiter { get; } = limiter;

    /// <summary>Neighbour count from the peer's latest stats report.</summary>
    public int ReportedNeighbours { get; internal set; }

    public StatsReport? LastStats { get; internal set; }

    /// <summary>The rendition the peer plays, from its latest stats report that named one.</summary>
    public string? Rendition { get; internal set; }

    /// <summary>Peer ids of the distinct peers that reported this one (guarded by the registry's lock).</summary>
    internal HashSet<string> ReportedBy { get; } = new(StringComparer.Ordinal);

    /// <summary>Reported neighbours plus suggestions handed out recently that may still turn into connections.</summary>
    internal int EffectiveNeighbours(long now)
    {
        while (_pending.Count > 0 && _pending.Peek().Until <= now)
        {
            _pending.Dequeue();
        }

        return ReportedNeighbours + _pending.Count;
    }

    internal void HoldSuggestion(long made, long until) => _pending.Enqueue((made, until));

    /// <summary>
    /// A stats report arrived: suggestions made before <paramref name="settledBefore"/> have had time
    /// to become connections, which the report's neighbour count now includes (or to fail). Counting
    /// them again would make the peer look full: with 1 s between joins and a 10 s hold, early viewers
    /// looked full to later ones while holding only half their neighbours.
    /// </summary>
    internal void SettleSuggestions(long settledBefore)
    {
        while (_pending.Count > 0 && _pending.Peek().Made <= settledBefore)
        {
            _pending.Dequeue();
        }
    }

    internal PeerInfo ToInfo() => new(PeerId, UploadKbps, ReportedNeighbours);
}
