namespace StreamSwarm.Server.Ingest;

/// <summary>Answer to a session start.</summary>
public sealed record SessionResponse(string SessionId, string Stream);
