namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>Argument of <c>ReportBadPeer</c>: a neighbour sent bytes failing the hash or broke the protocol.</summary>
public sealed record BadPeerReport(string? PeerId, string? Reason);
