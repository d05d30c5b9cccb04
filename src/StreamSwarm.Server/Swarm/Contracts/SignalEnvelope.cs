namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>What the hub delivers to the addressee of a <c>Signal</c>.</summary>
public sealed record SignalEnvelope(string From, string Kind, string Payload);
