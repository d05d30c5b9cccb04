using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>One (stream, SSN) pair of a FORWARD TSN: the receiver may skip ordered messages up to this SSN.</summary>
public readonly record struct ForwardTsnStream(ushort StreamId, ushort Ssn);

/// <summary>
/// Forward Cumulative TSN (FORWARD TSN), RFC 3758 §3.2. Only valid when both sides announced
/// support (Forward-TSN-Supported parameter or 0xC0 in Supported Extensions).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      New Cumulative TSN                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-1              |       Stream Sequence-1       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-N              |       Stream Sequence-N       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ForwardTsnChunk
{
    /// <summary>Fixed part size including the chunk header.</summary>
    public const int FixedSize = 8;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<ForwardTsnStream> _streams;

    /// <summary>Creates a chunk for writing.</summary>
    public ForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<ForwardTsnStream> streams)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _streams = streams;
        _raw = default;
        StreamCount = streams.Length;
    }

    private ForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<byte> raw)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _raw = raw;
        _streams = default;
        StreamCount = raw.Length / 4;
    }

    /// <summary>The receiver moves its cumulative TSN to this value.</summary>
    public uint NewCumulativeTsn { get; }

    /// <summary>Number of (stream, SSN) pairs.</summary>
    public int StreamCount { get; }

    /// <summary>Pair <paramref name="index"/>.</summary>
    public ForwardTsnStream GetStream(int index)
    {
        if (_raw.IsEmpty)
        {
            return _streams[index];
        }

        var at = _raw[(index * 4)..];
        return new ForwardTsnStream(BinaryPrimitives.ReadUInt16BigEndian(at), BinaryPrimitives.ReadUInt16BigEndian(at[2..]));
    }

    /// <summary>Reads the chunk; false when the pairs do not fill the length exactly.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ForwardTsnChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.ForwardTsn, out _, out var value, out consumed) || value.Length < 4 || (value.Length - 4) % 4 != 0)
        {
            chunk = default;
            consumed = 0;
            return false;
        }

        chunk = new ForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), value[4..]);
        return true;
    }

    /// <summary>Size on the wire.</summary>
    public int GetSize() => FixedSize + (StreamCount * 4);

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], NewCumulativeTsn);
        int at = FixedSize;
        for (int i = 0; i < StreamCount; i++)
        {
            var s = GetStream(i);
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], s.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], s.Ssn);
            at += 4;
        }

        return ChunkHeader.Write(destination, ChunkType.ForwardTsn, 0, at - ChunkHeader.Size);
    }
}
