namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>DCEP message types (RFC 8832 §8.2.1).</summary>
public enum DcepMessageType : byte
{
    /// <summary>DATA_CHANNEL_ACK.</summary>
    Ack = 0x02,

    /// <summary>DATA_CHANNEL_OPEN.</summary>
    Open = 0x03,
}
