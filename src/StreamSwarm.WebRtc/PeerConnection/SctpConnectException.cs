namespace StreamSwarm.WebRtc.PeerConnection;

/// <summary>The SCTP association over DTLS could not be established or was aborted while connecting.</summary>
public sealed class SctpConnectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SctpConnectException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SctpConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public SctpConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
