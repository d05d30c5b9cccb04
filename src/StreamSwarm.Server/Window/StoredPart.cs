using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Window;

/// <summary>One LL-HLS part as stored: its bytes (never changed once stored) and what the playlist says of it.</summary>
public sealed record StoredPart(int Index, double DurationSeconds, bool Independent, DateTimeOffset ProgramDateTime, byte[] Bytes, ContentHash Hash);
