namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>The authoritative SHA-256 (lower-case hex) of a part, or of a whole segment when <see cref="Part"/> is 255.</summary>
public sealed record PartHash(string Rendition, long Msn, int Part, long Size, string Sha256)
{
    /// <summary>Part index meaning the whole segment, as in docs/protocol.md.</summary>
    public const int WholeSegment = 255;
}
