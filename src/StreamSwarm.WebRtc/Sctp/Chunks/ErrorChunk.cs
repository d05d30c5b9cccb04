namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Operation Error (ERROR), RFC 9260 §3.3.10.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 9    | Chunk  Flags  |           Length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                    One or more Error Causes                   /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ErrorChunk
{
    /// <summary>Creates a chunk for writing.</summary>
    public ErrorChunk(ReadOnlySpan<byte> errorCauses) => ErrorCauses = errorCauses;

    /// <summary>One or more error causes (see <see cref="Parameters.ErrorCause"/>).</summary>
    public ReadOnlySpan<byte> ErrorCauses { get; }

    /// <summary>Reads the chunk; false on a short buffer, bad length or other type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ErrorChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.Error, out byte flags, out var value, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = new ErrorChunk(value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(ChunkHeader.Size + ErrorCauses.Length);

    /// <summary>Writes the chunk with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        ErrorCauses.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkHeader.Write(destination, ChunkType.Error, 0, ErrorCauses.Length);
    }
}
