using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>
/// Outgoing SSN Reset Request Parameter (RFC 6525 §4.1):
/// <code>
/// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
/// |           Re-configuration Request Sequence Number            |
/// |           Re-configuration Response Sequence Number           |
/// |                Sender's Last Assigned TSN                     |
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// </code>
/// An empty stream list means all streams.
/// </summary>
internal sealed record OutgoingSsnResetRequestParameter(
    uint RequestSequence, uint ResponseSequence, uint SenderLastAssignedTsn, ushort[] Streams)
{
    public const int FixedSize = 16;

    public static bool TryRead(ReadOnlySpan<byte> data, out OutgoingSsnResetRequestParameter? parameter, out int consumed)
    {
        parameter = null;
        consumed = 0;
        var e = new SctpParameterEnumerator(data);
        if (!e.MoveNext() || e.Current.Type != (ushort)SctpParameterType.OutgoingSsnResetRequest
            || e.Current.Parameter.Length < FixedSize || (e.Current.Parameter.Length - FixedSize) % 2 != 0)
        {
            return false;
        }

        var v = e.Current.Value;
        var streams = new ushort[(v.Length - 12) / 2];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = BinaryPrimitives.ReadUInt16BigEndian(v[(12 + (2 * i))..]);
        }

        parameter = new OutgoingSsnResetRequestParameter(
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt32BigEndian(v[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(v[8..]),
            streams);
        consumed = SctpPacket.Pad4(e.Current.Parameter.Length);
        return true;
    }

    public int GetSize() => FixedSize + (2 * Streams.Length);

    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)SctpParameterType.OutgoingSsnResetRequest);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)GetSize());
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RequestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ResponseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SenderLastAssignedTsn);
        for (var i = 0; i < Streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(16 + (2 * i))..], Streams[i]);
        }

        int padded = SctpPacket.Pad4(GetSize());
        destination[GetSize()..padded].Clear();
        return padded;
    }
}
