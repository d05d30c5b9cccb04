namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Abort Association (ABORT), RFC 9260 §3.3.7.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 6    |  Reserved   |T|           Length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \               Zero or more Error Causes                       /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct AbortChunk
{
    /// <summary>Creates a chunk for writing.</summary>
    public AbortChunk(bool verificationTagReflected, ReadOnlySpan<byte> errorCauses) { VerificationTagReflected = verificationTagReflected; ErrorCauses = errorCauses; }

    /// <summary>T bit: the packet carries the receiver's own tag (reflected), RFC 9260 §8.5.1.</summary>
    public bool VerificationTagReflected { get; }

    /// <summary>Zero or more error causes (see <see cref="Parameters.ErrorCause"/>).</summary>
    public ReadOnlySpan<byte> ErrorCauses { get; }

    /// <summary>Reads the chunk; false on a short buffer, bad length or other type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out AbortChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.Abort, out byte flags, out var value, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = new AbortChunk((flags & 0x01) != 0, value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(ChunkHeader.Size + ErrorCauses.Length);

    /// <summary>Writes the chunk with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        ErrorCauses.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkHeader.Write(destination, ChunkType.Abort, VerificationTagReflected ? (byte)0x01 : (byte)0, ErrorCauses.Length);
    }
}
