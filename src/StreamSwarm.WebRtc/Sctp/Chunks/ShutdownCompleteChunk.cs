namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Shutdown Complete (SHUTDOWN COMPLETE), RFC 9260 §3.3.13.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 14   |  Reserved   |T|      Length = 4               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ShutdownCompleteChunk
{
    /// <summary>Creates a chunk for writing.</summary>
    public ShutdownCompleteChunk(bool verificationTagReflected) => VerificationTagReflected = verificationTagReflected;

    /// <summary>T bit: the packet carries the receiver's own tag (reflected), RFC 9260 §8.5.1.</summary>
    public bool VerificationTagReflected { get; }

    /// <summary>Size on the wire.</summary>
    public const int Size = ChunkHeader.Size;

    /// <summary>Reads the chunk; any value bytes are ignored.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ShutdownCompleteChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.ShutdownComplete, out byte flags, out _, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = new ShutdownCompleteChunk((flags & 0x01) != 0);
        return true;
    }

    /// <summary>Always 4.</summary>
    public int GetSize() => Size;

    /// <summary>Writes the chunk; returns bytes written.</summary>
    public int Write(Span<byte> destination) => ChunkHeader.Write(destination, ChunkType.ShutdownComplete, VerificationTagReflected ? (byte)0x01 : (byte)0, 0);
}
