namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// REQUESTED-TRANSPORT (RFC 8656 §18.7):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Protocol   |                    RFFU                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Protocol 17 is UDP.
/// </summary>
public readonly record struct RequestedTransportAttribute(byte Protocol)
{
    /// <summary>IANA protocol number of UDP.</summary>
    public const byte Udp = 17;

    /// <summary>Reads the value; false unless exactly 4 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out RequestedTransportAttribute attribute)
    {
        attribute = value.Length == 4 ? new RequestedTransportAttribute(value[0]) : default;
        return value.Length == 4;
    }

    /// <summary>Always 4.</summary>
    public static int GetSize() => 4;

    /// <summary>Writes the value with zero RFFU bytes.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = Protocol;
        destination[1..4].Clear();
        return 4;
    }
}
