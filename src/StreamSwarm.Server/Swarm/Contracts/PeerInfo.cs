namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>A neighbour suggestion: a peer of the same swarm with its upload capacity and current neighbour count.</summary>
public sealed record PeerInfo(string PeerId, long UploadKbps, int Neighbours);
