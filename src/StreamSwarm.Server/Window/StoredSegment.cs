using System.Security.Cryptography;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Server.Window;

/// <summary>
/// A segment of a rendition: its parts as they arrive, then complete when the next segment starts
/// or the session ends. The segment's bytes are its parts in order; they are never copied into one
/// buffer (memory), and the origin writes them out one after another.
/// </summary>
public sealed class StoredSegment(long msn, bool discontinuity)
{
    private readonly List<StoredPart> _parts = [];

    public long Msn { get; } = msn;

    public bool Discontinuity { get; } = discontinuity;

    public IReadOnlyList<StoredPart> Parts => _parts;

    public bool IsComplete { get; private set; }

    public double DurationSeconds { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>SHA-256 of the whole segment (its parts concatenated), once complete.</summary>
    public ContentHash Hash { get; private set; }

    public DateTimeOffset ProgramDateTime => _parts.Count > 0 ? _parts[0].ProgramDateTime : default;

    internal void Add(StoredPart part)
    {
        _parts.Add(part);
        DurationSeconds += part.DurationSeconds;
        Bytes += part.Bytes.Length;
    }

    internal void Complete()
    {
        if (IsComplete)
        {
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in _parts)
        {
            hash.AppendData(p.Bytes);
        }

        Hash = ContentHash.FromBytes(hash.GetHashAndReset());
        IsComplete = true;
    }
}
