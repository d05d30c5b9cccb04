using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>Result field of a Re-configuration Response (RFC 6525 §4.4).</summary>
internal enum ReconfigurationResult : uint
{
    SuccessNothingToDo = 0,
    SuccessPerformed = 1,
    Denied = 2,
    ErrorWrongSsn = 3,
    ErrorRequestAlreadyInProgress = 4,
    ErrorBadSequenceNumber = 5,
    InProgress = 6,
}

/// <summary>
/// Re-configuration Response Parameter (RFC 6525 §4.4); the optional TSN fields (only for SSN/TSN
/// resets, which data channels do not use) are read but not kept:
/// <code>
/// |     Parameter Type = 16       |      Parameter Length         |
/// |         Re-configuration Response Sequence Number             |
/// |                            Result                             |
/// </code>
/// </summary>
internal sealed record ReconfigurationResponseParameter(uint ResponseSequence, ReconfigurationResult Result)
{
    public const int Size = 12;

    public static bool TryRead(ReadOnlySpan<byte> data, out ReconfigurationResponseParameter? parameter, out int consumed)
    {
        parameter = null;
        consumed = 0;
        var e = new SctpParameterEnumerator(data);
        if (!e.MoveNext() || e.Current.Type != (ushort)SctpParameterType.ReconfigurationResponse
            || (e.Current.Parameter.Length != Size && e.Current.Parameter.Length != Size + 8))
        {
            return false;
        }

        var v = e.Current.Value;
        parameter = new ReconfigurationResponseParameter(
            BinaryPrimitives.ReadUInt32BigEndian(v), (ReconfigurationResult)BinaryPrimitives.ReadUInt32BigEndian(v[4..]));
        consumed = SctpPacket.Pad4(e.Current.Parameter.Length);
        return true;
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)SctpParameterType.ReconfigurationResponse);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ResponseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)Result);
        return Size;
    }
}
