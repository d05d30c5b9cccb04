namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>
/// Heartbeat Acknowledgement (HEARTBEAT ACK), RFC 9260 §3.3.6.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 5    | Chunk  Flags  |    Heartbeat Ack Length       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \            Heartbeat Information TLV (Variable-Length)        /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct HeartbeatAckChunk
{
    /// <summary>Creates a chunk for writing.</summary>
    public HeartbeatAckChunk(ReadOnlySpan<byte> heartbeatInfo) => HeartbeatInfo = heartbeatInfo;

    /// <summary>Raw Heartbeat Info parameter TLV copied from the HEARTBEAT.</summary>
    public ReadOnlySpan<byte> HeartbeatInfo { get; }

    /// <summary>Reads the chunk; false on a short buffer, bad length or other type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out HeartbeatAckChunk chunk, out int consumed)
    {
        if (!ChunkHeader.TryRead(source, ChunkType.HeartbeatAck, out byte flags, out var value, out consumed))
        {
            chunk = default;
            return false;
        }

        _ = flags;
        chunk = new HeartbeatAckChunk(value);
        return true;
    }

    /// <summary>Padded size on the wire.</summary>
    public int GetSize() => ChunkHeader.Pad4(ChunkHeader.Size + HeartbeatInfo.Length);

    /// <summary>Writes the chunk with padding; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        HeartbeatInfo.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkHeader.Write(destination, ChunkType.HeartbeatAck, 0, HeartbeatInfo.Length);
    }
}
