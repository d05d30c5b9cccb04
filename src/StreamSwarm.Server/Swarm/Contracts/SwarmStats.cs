namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>The body of <c>GET /api/streams/{stream}/swarm</c>.</summary>
public sealed record SwarmStats(
    string Stream,
    int Peers,
    double BytesFromPeers,
    double BytesFromOrigin,
    double BytesToPeers,
    double Offload,
    double Continuity,
    double Stalls,
    double StallSeconds,
    double MeanLatencySeconds,
    long OriginMediaBytesServed,
    long BadPeerReports,
    int ShunnedPeers);
