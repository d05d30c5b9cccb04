namespace StreamSwarm.Core.Protocol;

/// <summary>Why a peer message was refused. The names are the ones the golden vectors use.</summary>
public enum PeerProtocolError : byte
{
    None = 0,

    /// <summary>Zero bytes: not even a type.</summary>
    Empty,

    /// <summary>The body ends before a field does.</summary>
    Truncated,

    /// <summary>Bytes left after the last field.</summary>
    TrailingBytes,

    /// <summary>HELLO with a version this implementation does not speak, or reserved flag bits set.</summary>
    BadVersion,

    /// <summary>A stream or rendition name outside the name rules.</summary>
    BadName,

    /// <summary>A count outside its limits (renditions, bitfield length).</summary>
    BadCount,

    /// <summary>A field outside its range (part index, priority, reason, offset past total, unused bits set).</summary>
    OutOfRange,

    /// <summary>A message or payload longer than the protocol allows.</summary>
    TooLong,
}
