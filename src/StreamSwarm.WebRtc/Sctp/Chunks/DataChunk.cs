using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// DATA chunk (RFC 9260 §3.3.1):
/// <code>
/// | Type = 0      | Res |I|U|B|E|         Length                |
/// |                              TSN                              |
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// |                  Payload Protocol Identifier                  |
/// |                 User Data (seq n of Stream S)                 |
/// </code>
/// A ref struct so the receive path reads the payload in place.
/// </summary>
internal readonly ref struct DataChunk
{
    public const int HeaderSize = 16;
    public const byte FlagEnd = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;

    public DataChunk(uint tsn, ushort streamId, ushort ssn, uint ppid, byte flags, ReadOnlySpan<byte> payload)
    {
        Tsn = tsn;
        StreamId = streamId;
        Ssn = ssn;
        Ppid = ppid;
        Flags = flags;
        Payload = payload;
    }

    public uint Tsn { get; }

    public ushort StreamId { get; }

    public ushort Ssn { get; }

    public uint Ppid { get; }

    public byte Flags { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public bool IsBeginning => (Flags & FlagBeginning) != 0;

    public bool IsEnd => (Flags & FlagEnd) != 0;

    public bool IsUnordered => (Flags & FlagUnordered) != 0;

    /// <summary>Reads a DATA chunk; a chunk without user data is invalid (§6.2, "No User Data").</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out DataChunk chunk, out int consumed)
    {
        chunk = default;
        if (!SctpPacket.TryReadChunk(data, out var view, out consumed) || view.Type != (byte)SctpChunkType.Data
            || view.Chunk.Length <= HeaderSize)
        {
            consumed = 0;
            return false;
        }

        var v = view.Value;
        chunk = new DataChunk(
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt16BigEndian(v[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(v[6..]),
            BinaryPrimitives.ReadUInt32BigEndian(v[8..]),
            view.Flags,
            view.Chunk[HeaderSize..]);
        return true;
    }

    public int GetSize() => HeaderSize + Payload.Length;

    /// <summary>Writes the chunk and its padding; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)SctpChunkType.Data, Flags, GetSize() - 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], Ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Ppid);
        Payload.CopyTo(destination[HeaderSize..]);
        return ChunkWriting.Pad(destination, GetSize());
    }
}
