namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>SCTP payload protocol identifiers for data channels (RFC 8831 §8, RFC 8832 §8.1).</summary>
public enum DataChannelPpid : uint
{
    /// <summary>Not a data-channel PPID.</summary>
    Unknown = 0,

    /// <summary>DCEP control message.</summary>
    Dcep = 50,

    /// <summary>UTF-8 string.</summary>
    String = 51,

    /// <summary>Deprecated partial binary; accepted on receive as a whole binary message.</summary>
    BinaryPartial = 52,

    /// <summary>Binary.</summary>
    Binary = 53,

    /// <summary>Deprecated partial string; accepted on receive as a whole string message.</summary>
    StringPartial = 54,

    /// <summary>Empty string: one 0x00 byte on the wire, discarded on receive.</summary>
    StringEmpty = 56,

    /// <summary>Empty binary: one 0x00 byte on the wire, discarded on receive.</summary>
    BinaryEmpty = 57,
}
