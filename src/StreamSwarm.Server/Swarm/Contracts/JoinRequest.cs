namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>Argument of <c>Join</c> (docs/signalling.md).</summary>
public sealed record JoinRequest(string? Stream, long UploadKbps, int MaxNeighbours);
