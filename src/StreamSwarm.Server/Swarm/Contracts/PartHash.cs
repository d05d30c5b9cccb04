namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>
/// The authoritative SHA-256 (lower-case hex) of a part, or of a whole segment when <see cref="Part"/> is 255.
/// <see cref="Fetchers"/> are the peers the hub assigns to fetch a part from the origin for the whole
/// swarm (docs/signalling.md, "Origin fetchers"); null for whole segments and when no peer qualifies.
/// </summary>
public sealed record PartHash(string Rendition, long Msn, int Part, long Size, string Sha256, IReadOnlyList<string>? Fetchers = null)
{
    /// <summary>Part index meaning the whole segment, as in docs/protocol.md.</summary>
    public const int WholeSegment = 255;
}
