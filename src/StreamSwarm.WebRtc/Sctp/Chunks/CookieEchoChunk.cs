namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// State Cookie (COOKIE ECHO), RFC 9260 §3.3.11.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 10   |Chunk  Flags   |         Length                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                     Cookie                                    /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct CookieEchoChunk
{
    /// <summary>Creates a chunk for writing.</summary>
    public CookieEchoChunk(ReadOnlySpan<byte> cookie) => Cookie = cookie;

    /// <summary>The State Cookie exactly as received in the INIT ACK.</summary>
    public ReadOnlySpan<byte> Cookie { get; }

    /// <summary>Reads the chunk; false on a short buffer, bad length or other type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out CookieEchoChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.CookieEcho, out byte flags, out var value, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = new CookieEchoChunk(value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(ChunkHeader.Size + Cookie.Length);

    /// <summary>Writes the chunk with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        Cookie.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkHeader.Write(destination, ChunkType.CookieEcho, 0, Cookie.Length);
    }
}
