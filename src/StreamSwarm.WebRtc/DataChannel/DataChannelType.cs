namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>DCEP channel types (RFC 8832 §5.1, §8.2.2); the high bit means unordered.</summary>
public enum DataChannelType : byte
{
    /// <summary>DATA_CHANNEL_RELIABLE.</summary>
    Reliable = 0x00,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT: reliability parameter is the retransmission limit.</summary>
    PartialReliableRexmit = 0x01,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_TIMED: reliability parameter is the lifetime in ms.</summary>
    PartialReliableTimed = 0x02,

    /// <summary>DATA_CHANNEL_RELIABLE_UNORDERED.</summary>
    ReliableUnordered = 0x80,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED.</summary>
    PartialReliableRexmitUnordered = 0x81,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_TIMED_UNORDERED.</summary>
    PartialReliableTimedUnordered = 0x82,
}
