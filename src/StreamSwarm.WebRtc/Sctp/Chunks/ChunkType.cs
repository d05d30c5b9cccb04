namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>Chunk types, RFC 9260 §3.2, RFC 3758 §3.2 (FORWARD-TSN), RFC 6525 §3.1 (RE-CONFIG).</summary>
public enum ChunkType : byte
{
    /// <summary>Payload data.</summary>
    Data = 0,

    /// <summary>Initiation.</summary>
    Init = 1,

    /// <summary>Initiation acknowledgement.</summary>
    InitAck = 2,

    /// <summary>Selective acknowledgement.</summary>
    Sack = 3,

    /// <summary>Heartbeat request.</summary>
    Heartbeat = 4,

    /// <summary>Heartbeat acknowledgement.</summary>
    HeartbeatAck = 5,

    /// <summary>Abort.</summary>
    Abort = 6,

    /// <summary>Shutdown.</summary>
    Shutdown = 7,

    /// <summary>Shutdown acknowledgement.</summary>
    ShutdownAck = 8,

    /// <summary>Operation error.</summary>
    Error = 9,

    /// <summary>State cookie.</summary>
    CookieEcho = 10,

    /// <summary>Cookie acknowledgement.</summary>
    CookieAck = 11,

    /// <summary>Shutdown complete.</summary>
    ShutdownComplete = 14,

    /// <summary>Re-configuration (RFC 6525).</summary>
    ReConfig = 130,

    /// <summary>Forward cumulative TSN (RFC 3758).</summary>
    ForwardTsn = 192,
}

/// <summary>What to do with a chunk type we do not know, from its upper two bits (RFC 9260 §3.2).</summary>
public enum UnknownChunkAction : byte
{
    /// <summary>00: stop processing the packet, discard it.</summary>
    Stop = 0,

    /// <summary>01: stop processing the packet and report in an ERROR chunk.</summary>
    StopAndReport = 1,

    /// <summary>10: skip this chunk and continue.</summary>
    Skip = 2,

    /// <summary>11: skip this chunk, continue, and report in an ERROR chunk.</summary>
    SkipAndReport = 3,
}
