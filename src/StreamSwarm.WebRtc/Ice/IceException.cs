namespace StreamSwarm.WebRtc.Ice;

/// <summary>
/// The one exception type of the ICE layer: caller bugs and wrong state (bad parameters, use
/// after dispose) and failed connection waits. Bad network input never throws; it is dropped
/// and logged.
/// </summary>
public sealed class IceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public IceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
