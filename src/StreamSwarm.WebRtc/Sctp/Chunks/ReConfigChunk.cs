namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Re-configuration (RE-CONFIG), RFC 6525 §3.1.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 130    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                  Re-configuration Parameter                   /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \             Re-configuration Parameter (optional)             /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ReConfigChunk
{
    /// <summary>Creates a chunk for writing.</summary>
    public ReConfigChunk(ReadOnlySpan<byte> parameters) => Parameters = parameters;

    /// <summary>One or two re-configuration parameters (raw TLVs).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>Reads the chunk; false on a short buffer, bad length or other type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ReConfigChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.ReConfig, out byte flags, out var value, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = new ReConfigChunk(value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(ChunkHeader.Size + Parameters.Length);

    /// <summary>Writes the chunk with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        Parameters.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkHeader.Write(destination, ChunkType.ReConfig, 0, Parameters.Length);
    }
}
