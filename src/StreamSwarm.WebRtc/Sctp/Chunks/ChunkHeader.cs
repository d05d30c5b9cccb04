using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Chunk field format, RFC 9260 §3.2.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                          Chunk Value                          \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Chunk Length counts header and value but not the padding to a 4-byte boundary.
/// </summary>
public static class ChunkHeader
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 4;

    /// <summary>Rounds up to a multiple of 4.</summary>
    public static int Pad4(int length) => (length + 3) & ~3;

    /// <summary>The action for an unknown chunk type (its upper two bits).</summary>
    public static UnknownChunkAction ActionFor(byte type) => (UnknownChunkAction)(type >> 6);

    /// <summary>
    /// Reads one chunk. <paramref name="consumed"/> includes padding; a missing final padding is
    /// tolerated (some stacks omit it). False when the length field is below 4 or beyond the data.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ChunkType type, out byte flags, out ReadOnlySpan<byte> value, out int consumed)
    {
        type = default;
        flags = 0;
        value = default;
        consumed = 0;
        if (source.Length < Size)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (length < Size || length > source.Length)
        {
            return false;
        }

        type = (ChunkType)source[0];
        flags = source[1];
        value = source[Size..length];
        consumed = Math.Min(Pad4(length), source.Length);
        return true;
    }

    /// <summary>Reads a chunk that must have the given type.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> source, ChunkType expected, out byte flags, out ReadOnlySpan<byte> value, out int consumed)
    {
        if (!TryRead(source, out ChunkType type, out flags, out value, out consumed) || type != expected)
        {
            flags = 0;
            value = default;
            consumed = 0;
            return false;
        }

        return true;
    }

    /// <summary>Writes the header and zero padding after a value of <paramref name="valueLength"/> bytes; returns the padded size.</summary>
    internal static int Write(Span<byte> destination, ChunkType type, byte flags, int valueLength)
    {
        int length = Size + valueLength;
        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
        int padded = Pad4(length);
        destination[length..padded].Clear();
        return padded;
    }
}
