namespace StreamSwarm.WebRtc.Transport;

/// <summary>Called with one received datagram; the span is only valid during the call.</summary>
public delegate void DatagramReceiver(ReadOnlySpan<byte> datagram);

/// <summary>
/// The seam between layers (RFC 8261 stacking): ICE's selected pair carries DTLS records, a DTLS
/// association carries SCTP packets. Sending is synchronous on purpose: the SCTP association loop
/// must not allocate a task per packet, and UDP sends and DTLS record encryption complete at once.
/// </summary>
public interface IDatagramTransport
{
    /// <summary>Largest datagram the layer above may hand to <see cref="Send"/>.</summary>
    int MaxDatagramSize { get; }

    /// <summary>Sends one datagram. Drops it silently when the transport is closed (datagram semantics).</summary>
    void Send(ReadOnlySpan<byte> datagram);

    /// <summary>Sets (or clears, with null) the handler for datagrams from the peer.</summary>
    void SetReceiver(DatagramReceiver? receiver);
}
