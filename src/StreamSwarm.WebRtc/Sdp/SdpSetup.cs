namespace StreamSwarm.WebRtc.Sdp;

/// <summary><c>a=setup</c> (RFC 4145 §4, RFC 5763 §5, RFC 8842 §5): who starts the DTLS handshake.</summary>
public enum SdpSetup
{
    /// <summary>Absent.</summary>
    Unknown = 0,

    /// <summary>Offerer's choice: the answerer decides (what offers must say, RFC 8842 §5.2).</summary>
    ActPass,

    /// <summary>This side is the DTLS client.</summary>
    Active,

    /// <summary>This side is the DTLS server.</summary>
    Passive,

    /// <summary>No connection; not valid for WebRTC.</summary>
    HoldConn,
}
