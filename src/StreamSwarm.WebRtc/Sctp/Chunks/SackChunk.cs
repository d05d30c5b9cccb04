using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Selective Acknowledgement (SACK), RFC 9260 §3.3.4.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Gap Ack Block #1 Start     |      Gap Ack Block #1 End     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                                                               /
/// |    Gap Ack Block #N Start     |      Gap Ack Block #N End     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        Duplicate TSN 1                        |
/// /                                                               /
/// |                        Duplicate TSN M                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Read chunks expose blocks through <see cref="GetGapAckBlock"/> without allocating; written
/// chunks take the blocks and duplicates as spans.
/// </summary>
public readonly ref struct SackChunk
{
    /// <summary>Fixed part size including the chunk header.</summary>
    public const int FixedSize = 16;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<GapAckBlock> _gaps;
    private readonly ReadOnlySpan<uint> _duplicates;

    /// <summary>Creates a chunk for writing.</summary>
    public SackChunk(uint cumulativeTsnAck, uint advertisedReceiverWindow, ReadOnlySpan<GapAckBlock> gapAckBlocks, ReadOnlySpan<uint> duplicateTsns)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindow = advertisedReceiverWindow;
        _gaps = gapAckBlocks;
        _duplicates = duplicateTsns;
        GapAckBlockCount = gapAckBlocks.Length;
        DuplicateTsnCount = duplicateTsns.Length;
        _raw = default;
    }

    private SackChunk(uint cumulativeTsnAck, uint advertisedReceiverWindow, int gapCount, int dupCount, ReadOnlySpan<byte> raw)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindow = advertisedReceiverWindow;
        GapAckBlockCount = gapCount;
        DuplicateTsnCount = dupCount;
        _raw = raw;
        _gaps = default;
        _duplicates = default;
    }

    /// <summary>Highest TSN received in sequence.</summary>
    public uint CumulativeTsnAck { get; }

    /// <summary>Receiver's free buffer space in bytes.</summary>
    public uint AdvertisedReceiverWindow { get; }

    /// <summary>Number of gap ack blocks.</summary>
    public int GapAckBlockCount { get; }

    /// <summary>Number of duplicate TSNs.</summary>
    public int DuplicateTsnCount { get; }

    /// <summary>Gap ack block <paramref name="index"/>.</summary>
    public GapAckBlock GetGapAckBlock(int index)
    {
        if (_raw.IsEmpty)
        {
            return _gaps[index];
        }

        var at = _raw[(index * 4)..];
        return new GapAckBlock(BinaryPrimitives.ReadUInt16BigEndian(at), BinaryPrimitives.ReadUInt16BigEndian(at[2..]));
    }

    /// <summary>Duplicate TSN <paramref name="index"/>.</summary>
    public uint GetDuplicateTsn(int index) =>
        _raw.IsEmpty ? _duplicates[index] : BinaryPrimitives.ReadUInt32BigEndian(_raw[((GapAckBlockCount * 4) + (index * 4))..]);

    /// <summary>Reads a SACK chunk; false when the counts do not match the length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SackChunk chunk, out int consumed)
    {
        chunk = default;
        if (!ChunkHeader.TryRead(source, ChunkType.Sack, out _, out var value, out consumed) || value.Length < FixedSize - ChunkHeader.Size)
        {
            consumed = 0;
            return false;
        }

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int dups = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        var rest = value[12..];
        if (rest.Length != (gaps * 4) + (dups * 4))
        {
            consumed = 0;
            return false;
        }

        chunk = new SackChunk(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..]), gaps, dups, rest);
        return true;
    }

    /// <summary>Size on the wire (always a multiple of 4).</summary>
    public int GetSize() => FixedSize + (GapAckBlockCount * 4) + (DuplicateTsnCount * 4);

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], checked((ushort)GapAckBlockCount));
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], checked((ushort)DuplicateTsnCount));
        int at = FixedSize;
        for (int i = 0; i < GapAckBlockCount; i++)
        {
            var block = GetGapAckBlock(i);
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], block.End);
            at += 4;
        }

        for (int i = 0; i < DuplicateTsnCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[at..], GetDuplicateTsn(i));
            at += 4;
        }

        return ChunkHeader.Write(destination, ChunkType.Sack, 0, at - ChunkHeader.Size);
    }
}
