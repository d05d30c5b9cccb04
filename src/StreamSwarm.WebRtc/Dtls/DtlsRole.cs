namespace StreamSwarm.WebRtc.Dtls;

/// <summary>Which side of the DTLS handshake we play (RFC 5763 §5: from <c>a=setup</c>).</summary>
public enum DtlsRole
{
    /// <summary>Not decided yet.</summary>
    Unknown = 0,

    /// <summary>We send the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>We wait for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
