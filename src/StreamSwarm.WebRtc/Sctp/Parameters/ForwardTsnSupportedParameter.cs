namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Forward-TSN-Supported, RFC 3758 §3.1: announces partial reliability in INIT / INIT ACK.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Parameter Type = 49152     |  Parameter Length = 4         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ForwardTsnSupportedParameter
{
    /// <summary>Size on the wire.</summary>
    public const int Size = 4;

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ForwardTsnSupportedParameter parameter, out int consumed)
    {
        parameter = default;
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.ForwardTsnSupported)
        {
            consumed = 0;
            return false;
        }

        return true;
    }

    /// <summary>Always 4.</summary>
    public int GetSize() => Size;

    /// <summary>Writes the parameter; returns bytes written.</summary>
    public int Write(Span<byte> destination) => SctpParameter.WriteHeader(destination, (ushort)ParameterType.ForwardTsnSupported, 0);
}
