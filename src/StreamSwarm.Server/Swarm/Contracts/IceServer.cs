namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>An RTCIceServer as browsers take it.</summary>
public sealed record IceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null);
