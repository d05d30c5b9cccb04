namespace StreamSwarm.Media.Fmp4;

/// <summary>Why a byte stream is not acceptable fMP4/CMAF. Wire-level problems, never caller bugs.</summary>
public enum Fmp4Error : byte
{
    None = 0,

    /// <summary>The data ends inside a box (or a box header).</summary>
    Truncated,

    /// <summary>A box size is smaller than its own header (ISO/IEC 14496-12 §4.2).</summary>
    SizeSmallerThanHeader,

    /// <summary>A box claims more bytes than its parent (or the whole input) holds.</summary>
    SizePastEnd,

    /// <summary>size == 0 ("box extends to end of file") cannot be honoured on a live stream.</summary>
    SizeToEnd,

    /// <summary>A box is larger than the configured limit.</summary>
    BoxTooLarge,

    /// <summary>Container boxes nest deeper than the limit.</summary>
    NestingTooDeep,

    /// <summary>A sample or entry count cannot fit in the bytes that follow it.</summary>
    CountTooLarge,

    /// <summary>A box that must be present is missing.</summary>
    MissingBox,

    /// <summary>A box appears where it is not allowed (wrong order, wrong kind of upload).</summary>
    UnexpectedBox,

    /// <summary>A full box has a version this reader does not know.</summary>
    UnsupportedVersion,

    /// <summary>A field holds a value the format forbids (zero timescale, unknown track id, ...).</summary>
    InvalidValue,

    /// <summary>No H.264 or AAC track: nothing a player of this system can play.</summary>
    UnsupportedCodec,
}
