namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>Error cause codes, RFC 9260 §3.3.10.</summary>
public enum ErrorCauseCode : ushort
{
    /// <summary>Invalid Stream Identifier.</summary>
    InvalidStreamIdentifier = 1,

    /// <summary>Missing Mandatory Parameter.</summary>
    MissingMandatoryParameter = 2,

    /// <summary>Stale Cookie Error.</summary>
    StaleCookie = 3,

    /// <summary>Out of Resource.</summary>
    OutOfResource = 4,

    /// <summary>Unresolvable Address.</summary>
    UnresolvableAddress = 5,

    /// <summary>Unrecognized Chunk Type.</summary>
    UnrecognizedChunkType = 6,

    /// <summary>Invalid Mandatory Parameter.</summary>
    InvalidMandatoryParameter = 7,

    /// <summary>Unrecognized Parameters.</summary>
    UnrecognizedParameters = 8,

    /// <summary>No User Data.</summary>
    NoUserData = 9,

    /// <summary>Cookie Received While Shutting Down.</summary>
    CookieReceivedWhileShuttingDown = 10,

    /// <summary>Restart of an Association with New Addresses.</summary>
    RestartWithNewAddresses = 11,

    /// <summary>User-Initiated Abort.</summary>
    UserInitiatedAbort = 12,

    /// <summary>Protocol Violation.</summary>
    ProtocolViolation = 13,
}

/// <summary>
/// Error cause TLV carried by ABORT and ERROR, RFC 9260 §3.3.10.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Cause Code          |         Cause Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                    Cause-Specific Information                 /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ErrorCause
{
    /// <summary>Creates a cause for writing.</summary>
    public ErrorCause(ErrorCauseCode code, ReadOnlySpan<byte> information)
    {
        Code = code;
        Information = information;
    }

    /// <summary>Cause code.</summary>
    public ErrorCauseCode Code { get; }

    /// <summary>Cause-specific information.</summary>
    public ReadOnlySpan<byte> Information { get; }

    /// <summary>Reads one cause.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ErrorCause cause, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed))
        {
            cause = default;
            return false;
        }

        cause = new ErrorCause((ErrorCauseCode)p.Type, p.Value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => SctpParameter.GetSize(Information.Length);

    /// <summary>Writes the cause with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination) => new SctpParameter((ushort)Code, Information).Write(destination);
}
