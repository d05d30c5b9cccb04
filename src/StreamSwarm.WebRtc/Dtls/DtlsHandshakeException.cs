namespace StreamSwarm.WebRtc.Dtls;

/// <summary>The DTLS handshake failed: timeout, alert, or a certificate not matching the SDP fingerprint.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DtlsHandshakeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DtlsHandshakeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DtlsHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
