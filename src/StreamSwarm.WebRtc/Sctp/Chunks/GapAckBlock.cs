namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// One Gap Ack Block of a SACK (RFC 9260 §3.3.4): TSNs from CumulativeTsnAck + Start to
/// CumulativeTsnAck + End inclusive were received.
/// </summary>
public readonly record struct GapAckBlock(ushort Start, ushort End);
