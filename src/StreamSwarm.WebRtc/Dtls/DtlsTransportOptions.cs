namespace StreamSwarm.WebRtc.Dtls;

/// <summary>Knobs of a <see cref="DtlsTransport"/>; defaults fit WebRTC data channels.</summary>
public sealed record DtlsTransportOptions
{
    /// <summary>Give up the handshake after this long. By default 30000 (BouncyCastle resends from 1 s doubling).</summary>
    public int HandshakeTimeoutMs { get; init; } = 30_000;

    /// <summary>Datagrams parked between the ICE layer and the decrypt loop. By default 4096 (~5 MB at 1200 B).</summary>
    public int ReceiveQueueCapacity { get; init; } = 4096;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HandshakeTimeoutMs, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 16);
    }
}
