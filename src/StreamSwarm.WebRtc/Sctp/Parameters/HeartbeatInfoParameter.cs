namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Heartbeat Info, RFC 9260 §3.3.5: sender-specific data echoed in the HEARTBEAT ACK. We put the
/// send time there (8 bytes of <see cref="TimeProvider"/> ticks) to measure RTT.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Heartbeat Info Type = 1    |         HB Info Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                  Sender-Specific Heartbeat Info               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct HeartbeatInfoParameter
{
    /// <summary>Creates a parameter for writing.</summary>
    public HeartbeatInfoParameter(ReadOnlySpan<byte> info) => Info = info;

    /// <summary>Sender-specific info.</summary>
    public ReadOnlySpan<byte> Info { get; }

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out HeartbeatInfoParameter parameter, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.HeartbeatInfo)
        {
            parameter = default;
            consumed = 0;
            return false;
        }

        parameter = new HeartbeatInfoParameter(p.Value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => SctpParameter.GetSize(Info.Length);

    /// <summary>Writes the parameter with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination) => new SctpParameter((ushort)ParameterType.HeartbeatInfo, Info).Write(destination);
}
