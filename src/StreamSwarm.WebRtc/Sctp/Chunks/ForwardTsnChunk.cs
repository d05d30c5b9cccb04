using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>A skipped ordered message: the stream and its largest skipped SSN (RFC 3758 §3.2).</summary>
internal readonly record struct ForwardTsnStream(ushort StreamId, ushort Ssn);

/// <summary>
/// FORWARD TSN (RFC 3758 §3.2):
/// <code>
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// |                      New Cumulative TSN                       |
/// |         Stream-1              |       Stream Sequence-1       |
/// </code>
/// </summary>
internal sealed record ForwardTsnChunk(uint NewCumulativeTsn, ForwardTsnStream[] Streams)
{
    public const int FixedSize = 8;

    public static bool TryRead(ReadOnlySpan<byte> data, out ForwardTsnChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!ChunkWriting.TryReadView(data, SctpChunkType.ForwardTsn, FixedSize, out var view, out consumed)
            || (view.Chunk.Length - FixedSize) % 4 != 0)
        {
            consumed = 0;
            return false;
        }

        var v = view.Value;
        var streams = new ForwardTsnStream[(v.Length - 4) / 4];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = new ForwardTsnStream(
                BinaryPrimitives.ReadUInt16BigEndian(v[(4 + (4 * i))..]),
                BinaryPrimitives.ReadUInt16BigEndian(v[(6 + (4 * i))..]));
        }

        chunk = new ForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(v), streams);
        return true;
    }

    public int GetSize() => FixedSize + (4 * Streams.Length);

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)SctpChunkType.ForwardTsn, 0, GetSize() - 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], NewCumulativeTsn);
        for (var i = 0; i < Streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(8 + (4 * i))..], Streams[i].StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(10 + (4 * i))..], Streams[i].Ssn);
        }

        return GetSize();
    }
}
