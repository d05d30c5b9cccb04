namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>Argument of <c>Signal</c>: an offer, answer, ICE candidate or bye for one peer of the same swarm.</summary>
public sealed record SignalRequest(string? To, string? Kind, string? Payload);
