namespace StreamSwarm.Media.Segmenting;

/// <summary>How the segmenter cuts ffmpeg's fragments into LL-HLS segments and parts.</summary>
public sealed record SegmenterOptions
{
    /// <summary>A segment closes at the first keyframe part once it holds this much media. Default 2.0 s.</summary>
    public TimeSpan TargetSegmentDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The part duration the encoder was asked for (its <c>-frag_duration</c>); a part longer than
    /// twice this is logged, as the ingest server rejects it. Default 0.5 s.</summary>
    public TimeSpan PartTargetDuration { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Wall clock at capture of decode time 0: a part's program date time is this plus its first
    /// sample's baseMediaDecodeTime / timescale. Default: the Unix epoch (set it to when capture started).</summary>
    public DateTimeOffset CaptureEpoch { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>Media sequence number of the first segment. Default 0.</summary>
    public long FirstMediaSequence { get; init; }

    /// <summary>Largest box accepted from the encoder. Default <see cref="Fmp4.Fmp4BoxReader.DefaultMaxBoxSize"/> (64 MiB).</summary>
    public long MaxBoxSize { get; init; } = Fmp4.Fmp4BoxReader.DefaultMaxBoxSize;

    /// <summary>Upper bound of <see cref="MaxBoxSize"/>: parts live in single arrays.</summary>
    public const long MaxBoxSizeLimit = 1L << 30;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values the ingest contract cannot carry.</summary>
    public void Validate()
    {
        if (TargetSegmentDuration <= TimeSpan.Zero || TargetSegmentDuration > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetSegmentDuration), TargetSegmentDuration, "Segment target must be in (0, 60] s.");
        }

        if (PartTargetDuration <= TimeSpan.Zero || PartTargetDuration > TargetSegmentDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(PartTargetDuration), PartTargetDuration, "Part target must be in (0, segment target].");
        }

        if (FirstMediaSequence < 0 || FirstMediaSequence > Core.Media.PartInfo.MaxMediaSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstMediaSequence), FirstMediaSequence, "Media sequence must be in [0, 2^53).");
        }

        if (MaxBoxSize is < 1024 or > MaxBoxSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBoxSize), MaxBoxSize, "Max box size must be 1 KiB to 1 GiB (a part is one pooled array).");
        }
    }
}
