namespace StreamSwarm.Broadcaster.Status;

/// <summary>The server's view of the audience (<c>GET /api/streams/{stream}/swarm</c>, docs/signalling.md).</summary>
/// <param name="Viewers">Peers connected to the swarm hub for the stream.</param>
/// <param name="PeerShare">Share of media the viewers got from each other, 0..1 (the server's <c>offload</c>).</param>
public sealed record SwarmReading(int Viewers, double PeerShare, long BytesFromPeers, long BytesFromOrigin, long OriginBytesServed);
