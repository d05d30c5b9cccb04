using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Shutdown Association (SHUTDOWN), RFC 9260 §3.3.8.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 7    | Chunk  Flags  |      Length = 8               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct ShutdownChunk(uint CumulativeTsnAck)
{
    /// <summary>Size on the wire.</summary>
    public const int Size = 8;

    /// <summary>Reads the chunk; false when shorter than 8 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ShutdownChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.Shutdown, out _, out var value, out consumed) || value.Length < 4)
        {
            chunk = default;
            consumed = 0;
            return false;
        }

        chunk = new ShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(value));
        return true;
    }

    /// <summary>Always 8.</summary>
    public static int GetSize() => Size;

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        return ChunkHeader.Write(destination, ChunkType.Shutdown, 0, 4);
    }
}
