namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// State Cookie, RFC 9260 §3.3.3.1: opaque to the receiver of the INIT ACK, echoed back in
/// COOKIE ECHO. Our content is <see cref="StateCookie"/>.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Type = 7             |          Length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                            Cookie                             \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct StateCookieParameter
{
    /// <summary>Creates a parameter for writing.</summary>
    public StateCookieParameter(ReadOnlySpan<byte> cookie) => Cookie = cookie;

    /// <summary>The cookie bytes.</summary>
    public ReadOnlySpan<byte> Cookie { get; }

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out StateCookieParameter parameter, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.StateCookie)
        {
            parameter = default;
            consumed = 0;
            return false;
        }

        parameter = new StateCookieParameter(p.Value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => SctpParameter.GetSize(Cookie.Length);

    /// <summary>Writes the parameter with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination) => new SctpParameter((ushort)ParameterType.StateCookie, Cookie).Write(destination);
}
