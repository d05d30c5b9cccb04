namespace StreamSwarm.Core.Media;

/// <summary>
/// What is known of one LL-HLS part: its place in the stream (media sequence number of its
/// segment and index within it), its duration, whether it starts with a keyframe, the wall clock
/// at capture of its first sample, and the SHA-256 of its bytes.
/// </summary>
public sealed record PartInfo(
    long MediaSequence,
    int PartIndex,
    double DurationSeconds,
    bool Independent,
    DateTimeOffset ProgramDateTime,
    ContentHash Hash)
{
    /// <summary>Largest media sequence number accepted anywhere (fits a JS number exactly).</summary>
    public const long MaxMediaSequence = (1L << 53) - 1;

    /// <summary>Most parts a segment may have (a 10 s segment of 0.1 s parts).</summary>
    public const int MaxPartsPerSegment = 100;
}
