using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Parameters;

/// <summary>Result codes of a Re-configuration Response, RFC 6525 §4.4.</summary>
public enum ReconfigurationResult : uint
{
    /// <summary>Success - Nothing to do.</summary>
    SuccessNothingToDo = 0,

    /// <summary>Success - Performed.</summary>
    SuccessPerformed = 1,

    /// <summary>Denied.</summary>
    Denied = 2,

    /// <summary>Error - Wrong SSN.</summary>
    ErrorWrongSsn = 3,

    /// <summary>Error - Request already in progress.</summary>
    ErrorRequestAlreadyInProgress = 4,

    /// <summary>Error - Bad Sequence Number.</summary>
    ErrorBadSequenceNumber = 5,

    /// <summary>In progress: the receiver has not yet got all TSNs up to the last assigned one.</summary>
    InProgress = 6,
}

/// <summary>
/// Re-configuration Response, RFC 6525 §4.4. The optional TSN fields (SSN/TSN reset only) are
/// read and ignored.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 16       |      Parameter Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Re-configuration Response Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Result                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   Sender's Next TSN (optional)                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Receiver's Next TSN (optional)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct ReconfigurationResponseParameter(uint ResponseSequenceNumber, ReconfigurationResult Result)
{
    /// <summary>Size on the wire without the optional TSNs.</summary>
    public const int Size = 12;

    /// <summary>Reads the parameter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ReconfigurationResponseParameter parameter, out int consumed)
    {
        if (!SctpParameter.TryRead(source, out var p, out consumed) || p.Type != (ushort)ParameterType.ReconfigurationResponse || p.Value.Length < 8)
        {
            parameter = default;
            consumed = 0;
            return false;
        }

        parameter = new ReconfigurationResponseParameter(BinaryPrimitives.ReadUInt32BigEndian(p.Value), (ReconfigurationResult)BinaryPrimitives.ReadUInt32BigEndian(p.Value[4..]));
        return true;
    }

    /// <summary>Always 12.</summary>
    public static int GetSize() => Size;

    /// <summary>Writes the parameter; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)Result);
        return SctpParameter.WriteHeader(destination, (ushort)ParameterType.ReconfigurationResponse, 8);
    }
}
