namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>
/// What data channels need from the SCTP association (RFC 8831 §6): user messages per stream with
/// a PPID and per-message reliability, outgoing stream reset (RFC 6525), and notifications. The
/// facade adapts the association to this so DCEP can be tested without SCTP.
/// </summary>
public interface IDataChannelTransport
{
    /// <summary>Largest message the peer accepts (SDP <c>a=max-message-size</c>; 0 = unlimited).</summary>
    long MaxMessageSize { get; }

    /// <summary>Queues one user message; never blocks. False when the association is closed.</summary>
    bool Send(ushort streamId, DataChannelPpid ppid, ReadOnlySpan<byte> payload, in DataChannelSendOptions options);

    /// <summary>Requests an outgoing SSN reset of <paramref name="streamId"/> (RFC 6525 §5.1.2).</summary>
    void ResetStream(ushort streamId);

    /// <summary>Sets (or clears) the receiver of transport events.</summary>
    void SetHandler(IDataChannelTransportHandler? handler);
}

/// <summary>Events from the SCTP association, raised on its thread.</summary>
public interface IDataChannelTransportHandler
{
    /// <summary>A complete user message arrived; <paramref name="payload"/> is valid only during the call.</summary>
    void OnMessage(ushort streamId, uint ppid, ReadOnlySpan<byte> payload);

    /// <summary>The peer reset its outgoing side of <paramref name="streamId"/> (it closed the channel).</summary>
    void OnIncomingStreamReset(ushort streamId);

    /// <summary><paramref name="bytes"/> of user data queued on <paramref name="streamId"/> left the send buffer.</summary>
    void OnBufferedAmountDecreased(ushort streamId, long bytes);

    /// <summary>The association ended (ABORT, SHUTDOWN or DTLS closed).</summary>
    void OnTransportClosed();
}

/// <summary>Per-message reliability (RFC 8831 §6.1, RFC 3758 PR-SCTP).</summary>
/// <param name="Unordered">Deliver without ordering.</param>
/// <param name="MaxRetransmits">Give up after this many retransmissions; null = no limit.</param>
/// <param name="MaxLifetimeMs">Give up after this long; null = no limit.</param>
public readonly record struct DataChannelSendOptions(bool Unordered, int? MaxRetransmits, int? MaxLifetimeMs)
{
    /// <summary>Ordered and reliable, what DCEP control messages use (pion/sctp#138).</summary>
    public static DataChannelSendOptions Reliable => default;
}
