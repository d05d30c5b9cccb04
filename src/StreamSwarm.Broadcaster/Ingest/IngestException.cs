using System.Net;

namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>How an ingest request failed, which decides whether to retry.</summary>
public enum IngestFailure
{
    Unknown = 0,

    /// <summary>No connection (refused, DNS, reset, timeout): retry with back-off.</summary>
    Unreachable,

    /// <summary>5xx or 408/429: the server may recover; retry with back-off.</summary>
    ServerBusy,

    /// <summary>401: the key is wrong for this stream. Fatal.</summary>
    Unauthorized,

    /// <summary>409: a conflict (another live session, an ended session, a sequence gap).</summary>
    Conflict,

    /// <summary>Any other 4xx: the request itself is wrong. Fatal.</summary>
    Rejected,
}

/// <summary>One exception type for the ingest failure domain, carrying the server's own explanation.</summary>
public sealed class IngestException : Exception
{
    public IngestException()
    {
    }

    public IngestException(string message)
        : base(message)
    {
    }

    public IngestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IngestException(IngestFailure failure, HttpStatusCode? status, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        StatusCode = status;
    }

    public IngestFailure Failure { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when the same request may succeed later.</summary>
    public bool IsTransient => Failure is IngestFailure.Unreachable or IngestFailure.ServerBusy;
}
