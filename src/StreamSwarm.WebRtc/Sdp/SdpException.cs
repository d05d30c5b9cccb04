namespace StreamSwarm.WebRtc.Sdp;

/// <summary>A session description could not be parsed or is not a usable data-channel description.</summary>
public sealed class SdpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SdpException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SdpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public SdpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a line of the description (1-based; 0 when not tied to a line).</summary>
    public SdpException(string message, int lineNumber)
        : base(lineNumber > 0 ? $"SDP line {lineNumber}: {message}" : message)
    {
        LineNumber = lineNumber;
    }

    /// <summary>1-based line the problem was found on, 0 for a whole-description problem.</summary>
    public int LineNumber { get; }
}
