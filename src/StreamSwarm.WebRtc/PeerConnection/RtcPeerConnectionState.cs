namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>W3C <c>RTCPeerConnectionState</c>: ICE and DTLS combined.</summary>
public enum RtcPeerConnectionState
{
    /// <summary>Unused.</summary>
    Unknown = 0,

    /// <summary>Nothing started.</summary>
    New,

    /// <summary>ICE checking or DTLS handshaking.</summary>
    Connecting,

    /// <summary>ICE connected and DTLS done.</summary>
    Connected,

    /// <summary>ICE lost consent temporarily.</summary>
    Disconnected,

    /// <summary>ICE or DTLS failed.</summary>
    Failed,

    /// <summary>Closed by <see cref="RtcPeerConnection.Close"/>.</summary>
    Closed,
}

/// <summary>W3C <c>RTCSignalingState</c>.</summary>
public enum RtcSignalingState
{
    /// <summary>Unused.</summary>
    Unknown = 0,

    /// <summary>No offer/answer exchange in progress.</summary>
    Stable,

    /// <summary>Our offer is set as local description.</summary>
    HaveLocalOffer,

    /// <summary>The peer's offer is set as remote description.</summary>
    HaveRemoteOffer,

    /// <summary>Closed.</summary>
    Closed,
}
