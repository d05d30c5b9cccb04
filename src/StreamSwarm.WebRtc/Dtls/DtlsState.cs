namespace StreamSwarm.WebRtc.Dtls;

/// <summary>Lifecycle of a <see cref="DtlsTransport"/>, shaped like <c>RTCDtlsTransportState</c>.</summary>
public enum DtlsState
{
    /// <summary>Created, handshake not started.</summary>
    Unknown = 0,

    /// <summary>Handshake in progress.</summary>
    Connecting,

    /// <summary>Handshake done and the peer's certificate matched the SDP fingerprint.</summary>
    Connected,

    /// <summary>Closed by us or by the peer's close_notify.</summary>
    Closed,

    /// <summary>Handshake failed, the fingerprint did not match, or a fatal alert arrived.</summary>
    Failed,
}
