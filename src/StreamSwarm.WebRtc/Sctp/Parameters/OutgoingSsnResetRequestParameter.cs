using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Outgoing SSN Reset Request, RFC 6525 §4.1: the sender resets its outgoing streams (a data channel
/// close, RFC 8831 §6.7). An empty stream list means all streams.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Request Sequence Number            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Response Sequence Number           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                Sender's Last Assigned TSN                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                            ......                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct OutgoingSsnResetRequestParameter
{
    /// <summary>Fixed size including the TLV header.</summary>
    public const int FixedSize = 16;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<ushort> _streams;

    /// <summary>Creates a parameter for writing.</summary>
    public OutgoingSsnResetRequestParameter(uint requestSequenceNumber, uint responseSequenceNumber, uint senderLastAssignedTsn, ReadOnlySpan<ushort> streams)
    {
        RequestSequenceNumber = requestSequenceNumber;
        ResponseSequenceNumber = responseSequenceNumber;
        SenderLastAssignedTsn = senderLastAssignedTsn;
        _streams = streams;
        _raw = default;
        StreamCount = streams.Length;
    }

    private OutgoingSsnResetRequestParameter(uint request, uint response, uint lastTsn, ReadOnlySpan<byte> raw)
    {
        RequestSequenceNumber = request;
        ResponseSequenceNumber = response;
        SenderLastAssignedTsn = lastTsn;
        _raw = raw;
        _streams = default;
        StreamCount = raw.Length / 2;
    }

    /// <summary>Sequence number of this request.</summary>
    public uint RequestSequenceNumber { get; }

    /// <summary>Implicit response number, or the next expected request number minus one.</summary>
    public uint ResponseSequenceNumber { get; }

    /// <summary>Last TSN the sender assigned before the reset; the receiver resets once it has all TSNs up to it.</summary>
    public uint SenderLastAssignedTsn { get; }

    /// <summary>Number of listed streams (0 = all).</summary>
    public int StreamCount { get; }

    /// <summary>Stream <paramref name="index"/>.</summary>
    public ushort GetStream(int index) => _raw.IsEmpty ? _streams[index] : BinaryPrimitives.ReadUInt16BigEndian(_raw[(index * 2)..]);

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out OutgoingSsnResetRequestParameter parameter, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.OutgoingSsnResetRequest
            || p.Value.Length < FixedSize - SctpParameter.HeaderSize || p.Value.Length % 2 != 0)
        {
            parameter = default;
            consumed = 0;
            return false;
        }

        var v = p.Value;
        parameter = new OutgoingSsnResetRequestParameter(
            BinaryPrimitives.ReadUInt32BigEndian(v), BinaryPrimitives.ReadUInt32BigEndian(v[4..]), BinaryPrimitives.ReadUInt32BigEndian(v[8..]), v[12..]);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => SctpParameter.GetSize(FixedSize - SctpParameter.HeaderSize + (StreamCount * 2));

    /// <summary>Writes the parameter with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RequestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SenderLastAssignedTsn);
        for (int i = 0; i < StreamCount; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedSize + (i * 2))..], GetStream(i));
        }

        return SctpParameter.WriteHeader(destination, (ushort)ParameterType.OutgoingSsnResetRequest, FixedSize - SctpParameter.HeaderSize + (StreamCount * 2));
    }
}
