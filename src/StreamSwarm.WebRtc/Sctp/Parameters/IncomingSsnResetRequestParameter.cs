using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Incoming SSN Reset Request, RFC 6525 §4.2: asks the receiver to reset its outgoing streams.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 14       |  Parameter Length = 8 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Re-configuration Request Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                            ......                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct IncomingSsnResetRequestParameter
{
    /// <summary>Fixed size including the TLV header.</summary>
    public const int FixedSize = 8;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<ushort> _streams;

    /// <summary>Creates a parameter for writing.</summary>
    public IncomingSsnResetRequestParameter(uint requestSequenceNumber, ReadOnlySpan<ushort> streams)
    {
        RequestSequenceNumber = requestSequenceNumber;
        _streams = streams;
        _raw = default;
        StreamCount = streams.Length;
    }

    private IncomingSsnResetRequestParameter(uint request, ReadOnlySpan<byte> raw)
    {
        RequestSequenceNumber = request;
        _raw = raw;
        _streams = default;
        StreamCount = raw.Length / 2;
    }

    /// <summary>Sequence number of this request.</summary>
    public uint RequestSequenceNumber { get; }

    /// <summary>Number of listed streams (0 = all).</summary>
    public int StreamCount { get; }

    /// <summary>Stream <paramref name="index"/>.</summary>
    public ushort GetStream(int index) => _raw.IsEmpty ? _streams[index] : BinaryPrimitives.ReadUInt16BigEndian(_raw[(index * 2)..]);

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out IncomingSsnResetRequestParameter parameter, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.IncomingSsnResetRequest
            || p.Value.Length < FixedSize - SctpParameter.HeaderSize || p.Value.Length % 2 != 0)
        {
            parameter = default;
            consumed = 0;
            return false;
        }

        parameter = new IncomingSsnResetRequestParameter(BinaryPrimitives.ReadUInt32BigEndian(p.Value), p.Value[4..]);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => SctpParameter.GetSize(FixedSize - SctpParameter.HeaderSize + (StreamCount * 2));

    /// <summary>Writes the parameter with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RequestSequenceNumber);
        for (int i = 0; i < StreamCount; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedSize + (i * 2))..], GetStream(i));
        }

        return SctpParameter.WriteHeader(destination, (ushort)ParameterType.IncomingSsnResetRequest, FixedSize - SctpParameter.HeaderSize + (StreamCount * 2));
    }
}
