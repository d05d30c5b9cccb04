namespace StreamSwarm.WebRtc.Sctp.Chunks;

internal static class ChunkWriting
{
    /// <summary>Zeroes the padding after <paramref name="length"/> bytes; returns the padded length.</summary>
    public static int Pad(Span<byte> destination, int length)
    {
        int padded = SctpPacket.Pad4(length);
        destination[length..padded].Clear();
        return padded;
    }

    /// <summary>Reads the chunk header and checks the type and a minimum length.</summary>
    public static bool TryReadView(ReadOnlySpan<byte> data, SctpChunkType type, int minLength, out SctpChunkView view, out int consumed)
    {
        if (!SctpPacket.TryReadChunk(data, out view, out consumed) || view.Type != (byte)type || view.Chunk.Length < minLength)
        {
            consumed = 0;
            return false;
        }

        return true;
    }
}
