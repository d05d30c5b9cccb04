namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>Answer to <c>Join</c>: who the caller is, whom to connect to, how, and the hashes to check against.</summary>
public sealed record JoinResult(
    string PeerId,
    IReadOnlyList<PeerInfo> Neighbours,
    IReadOnlyList<IceServer> IceServers,
    string IceTransportPolicy,
    IReadOnlyList<PartHash> Hashes,
    IReadOnlyList<string> Renditions);
