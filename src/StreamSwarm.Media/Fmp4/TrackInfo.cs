namespace StreamSwarm.Media.Fmp4;

/// <summary>
/// One track of an init segment. <see cref="Codec"/> is the RFC 6381 string (<c>avc1.64001f</c>,
/// <c>mp4a.40.2</c>) or, for codecs this system does not play, the sample entry's four-character code.
/// Width and height are 0 for audio; channel count and sample rate are 0 for video.
/// The <c>Default*</c> values come from the track's 'trex' box and apply to fragments that omit them.
/// </summary>
public sealed record TrackInfo(
    uint TrackId,
    TrackKind Kind,
    uint Timescale,
    string Codec,
    int Width,
    int Height,
    int ChannelCount,
    int SampleRate,
    uint DefaultSampleDuration,
    uint DefaultSampleFlags)
{
    /// <summary>True for H.264 (avc1/avc3) and AAC (mp4a, object type 0x40) tracks.</summary>
    public bool IsPlayable => Codec.StartsWith("avc1.", StringComparison.Ordinal)
        || Codec.StartsWith("avc3.", StringComparison.Ordinal)
        || Codec.StartsWith("mp4a.40.", StringComparison.Ordinal);
}
