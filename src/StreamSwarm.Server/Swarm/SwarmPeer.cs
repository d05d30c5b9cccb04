using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>One viewer (or .NET peer) joined to a stream's swarm through one hub connection.</summary>
public sealed class SwarmPeer(string peerId, string connectionId, string stream, long uploadKbps, int maxNeighbours, SignalRateLimiter limiter)
{
    private readonly Queue<long> _pendingUntil = new();

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
        while (_pendingUntil.Count > 0 && _pendingUntil.Peek() <= now)
        {
            _pendingUntil.Dequeue();
        }

        return ReportedNeighbours + _pendingUntil.Count;
    }

    internal void HoldSuggestion(long until) => _pendingUntil.Enqueue(until);

    internal PeerInfo ToInfo() => new(PeerId, UploadKbps, ReportedNeighbours);
}
