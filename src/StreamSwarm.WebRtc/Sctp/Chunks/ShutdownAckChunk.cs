namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Shutdown Acknowledgement (SHUTDOWN ACK), RFC 9260 §3.3.9.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 8    |Chunk  Flags   |      Length = 4               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ShutdownAckChunk
{
    /// <summary>Size on the wire.</summary>
    public const int Size = ChunkHeader.Size;

    /// <summary>Reads the chunk; any value bytes are ignored.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ShutdownAckChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.ShutdownAck, out byte flags, out _, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = default;
        return true;
    }

    /// <summary>Always 4.</summary>
    public int GetSize() => Size;

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination) => ChunkHeader.Write(destination, ChunkType.ShutdownAck, 0, 0);
}
