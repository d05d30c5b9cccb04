namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>Chunk types (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1).</summary>
internal enum SctpChunkType : byte
{
    Data = 0,
    Init = 1,
    InitAck = 2,
    Sack = 3,
    Heartbeat = 4,
    HeartbeatAck = 5,
    Abort = 6,
    Shutdown = 7,
    ShutdownAck = 8,
    Error = 9,
    CookieEcho = 10,
    CookieAck = 11,
    ShutdownComplete = 14,
    ReConfig = 130,
    ForwardTsn = 192,
}

/// <summary>What to do with an unrecognized chunk, from its upper two bits (RFC 9260 §3.2).</summary>
internal enum UnknownChunkAction : byte
{
    /// <summary>00: stop processing the packet and discard it.</summary>
    Stop = 0,

    /// <summary>01: stop, discard, and report in an ERROR chunk.</summary>
    StopAndReport = 1,

    /// <summary>10: skip this chunk and continue.</summary>
    Skip = 2,

    /// <summary>11: skip, continue, and report.</summary>
    SkipAndReport = 3,
}

internal static class SctpChunkTypeExtensions
{
    public static UnknownChunkAction UnknownAction(byte type) => (UnknownChunkAction)(type >> 6);
}
