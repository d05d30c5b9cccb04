using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Payload Data (DATA), RFC 9260 §3.3.1.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 0    |  Res  |I|U|B|E|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Payload Protocol Identifier                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                 User Data (seq n of Stream S)                 \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct DataChunk
{
    /// <summary>E: last fragment.</summary>
    public const byte EndFlag = 0x01;

    /// <summary>B: first fragment.</summary>
    public const byte BeginFlag = 0x02;

    /// <summary>U: unordered.</summary>
    public const byte UnorderedFlag = 0x04;

    /// <summary>I: SACK immediately (RFC 7053).</summary>
    public const byte ImmediateFlag = 0x08;

    /// <summary>Bytes before the user data: chunk header plus TSN, stream, SSN, PPID.</summary>
    public const int HeaderSize = 16;

    /// <summary>Creates a chunk for writing.</summary>
    public DataChunk(byte flags, uint tsn, ushort streamId, ushort ssn, uint ppid, ReadOnlySpan<byte> userData)
    {
        Flags = flags;
        Tsn = tsn;
        StreamId = streamId;
        Ssn = ssn;
        Ppid = ppid;
        UserData = userData;
    }

    /// <summary>Chunk flags (I, U, B, E).</summary>
    public byte Flags { get; }

    /// <summary>Transmission sequence number.</summary>
    public uint Tsn { get; }

    /// <summary>Stream identifier.</summary>
    public ushort StreamId { get; }

    /// <summary>Stream sequence number (ignored for unordered).</summary>
    public ushort Ssn { get; }

    /// <summary>Payload protocol identifier.</summary>
    public uint Ppid { get; }

    /// <summary>The user data of this fragment.</summary>
    public ReadOnlySpan<byte> UserData { get; }

    /// <summary>First fragment of a message.</summary>
    public bool IsBeginning => (Flags & BeginFlag) != 0;

    /// <summary>Last fragment of a message.</summary>
    public bool IsEnd => (Flags & EndFlag) != 0;

    /// <summary>Unordered delivery.</summary>
    public bool IsUnordered => (Flags & UnorderedFlag) != 0;

    /// <summary>Reads a DATA chunk. Empty user data is accepted here; the association aborts on it (§6.2).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out DataChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.Data, out byte flags, out var value, out consumed) || value.Length < HeaderSize - ChunkHeader.Size)
        {
            chunk = default;
            consumed = 0;
            return false;
        }

        chunk = new DataChunk(
            flags,
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[6..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            value[12..]);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(HeaderSize + UserData.Length);

    /// <summary>Writes the chunk with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], Ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Ppid);
        UserData.CopyTo(destination[HeaderSize..]);
        return ChunkHeader.Write(destination, ChunkType.Data, Flags, HeaderSize - ChunkHeader.Size + UserData.Length);
    }
}
