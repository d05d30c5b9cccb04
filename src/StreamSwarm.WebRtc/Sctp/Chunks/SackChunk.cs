using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>A gap ack block, offsets relative to the cumulative TSN ack (RFC 9260 §3.3.4).</summary>
internal readonly record struct GapAckBlock(ushort Start, ushort End);

/// <summary>
/// SACK (RFC 9260 §3.3.4):
/// <code>
/// |   Type = 3    |Chunk  Flags   |      Chunk Length             |
/// |                      Cumulative TSN Ack                       |
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// |  Gap Ack Block #1 Start       |   Gap Ack Block #1 End        |
/// |                       Duplicate TSN 1 ...                     |
/// </code>
/// </summary>
internal sealed record SackChunk(uint CumulativeTsnAck, uint AdvertisedReceiverWindow, GapAckBlock[] GapAckBlocks, uint[] DuplicateTsns)
{
    public const int FixedSize = 16;

    public static bool TryRead(ReadOnlySpan<byte> data, out SackChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!ChunkWriting.TryReadView(data, SctpChunkType.Sack, FixedSize, out var view, out consumed))
        {
            return false;
        }

        var v = view.Value;
        int gaps = BinaryPrimitives.ReadUInt16BigEndian(v[8..]);
        int dups = BinaryPrimitives.ReadUInt16BigEndian(v[10..]);
        if (view.Chunk.Length != FixedSize + (4 * gaps) + (4 * dups))
        {
            consumed = 0;
            return false;
        }

        var blocks = gaps == 0 ? [] : new GapAckBlock[gaps];
        for (var i = 0; i < gaps; i++)
        {
            blocks[i] = new GapAckBlock(
                BinaryPrimitives.ReadUInt16BigEndian(v[(12 + (4 * i))..]),
                BinaryPrimitives.ReadUInt16BigEndian(v[(14 + (4 * i))..]));
        }

        var duplicates = dups == 0 ? [] : new uint[dups];
        for (var i = 0; i < dups; i++)
        {
            duplicates[i] = BinaryPrimitives.ReadUInt32BigEndian(v[(12 + (4 * gaps) + (4 * i))..]);
        }

        chunk = new SackChunk(BinaryPrimitives.ReadUInt32BigEndian(v), BinaryPrimitives.ReadUInt32BigEndian(v[4..]), blocks, duplicates);
        return true;
    }

    public int GetSize() => FixedSize + (4 * GapAckBlocks.Length) + (4 * DuplicateTsns.Length);

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)SctpChunkType.Sack, 0, GetSize() - 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)GapAckBlocks.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)DuplicateTsns.Length);
        var offset = FixedSize;
        foreach (var block in GapAckBlocks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], block.End);
            offset += 4;
        }

        foreach (var tsn in DuplicateTsns)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], tsn);
            offset += 4;
        }

        return offset;
    }
}
