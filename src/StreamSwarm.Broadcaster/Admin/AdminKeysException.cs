namespace StreamSwarm.Broadcaster.Admin;

/// <summary>A keys admin request failed; the message is one sentence saying what to do.</summary>
public sealed class AdminKeysException : Exception
{
    public AdminKeysException()
    {
    }

    public AdminKeysException(string message)
        : base(message)
    {
    }

    public AdminKeysException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
