using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp.Chunks;

/// <summary>SHUTDOWN (RFC 9260 §3.3.8): the chunk header and the Cumulative TSN Ack (length 8).</summary>
internal readonly record struct ShutdownChunk(uint CumulativeTsnAck)
{
    public const int Size = 8;

    public static bool TryRead(ReadOnlySpan<byte> data, out ShutdownChunk chunk, out int consumed)
    {
        chunk = default;
        if (!ChunkWriting.TryReadView(data, SctpChunkType.Shutdown, Size, out var view, out consumed))
        {
            return false;
        }

        chunk = new ShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(view.Value));
        return true;
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)SctpChunkType.Shutdown, 0, 4);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        return Size;
    }
}

/// <summary>
/// The chunks that are a bare header: SHUTDOWN ACK (§3.3.9), COOKIE ACK (§3.3.12) and SHUTDOWN
/// COMPLETE (§3.3.13, whose T bit says the verification tag is reflected).
/// </summary>
internal readonly record struct EmptyChunk(SctpChunkType Type, byte Flags = 0)
{
    public const int Size = 4;

    public static bool TryRead(ReadOnlySpan<byte> data, out EmptyChunk chunk, out int consumed)
    {
        chunk = default;
        if (!SctpPacket.TryReadChunk(data, out var view, out consumed)
            || view.Type is not ((byte)SctpChunkType.ShutdownAck or (byte)SctpChunkType.CookieAck or (byte)SctpChunkType.ShutdownComplete))
        {
            consumed = 0;
            return false;
        }

        chunk = new EmptyChunk((SctpChunkType)view.Type, view.Flags);
        return true;
    }

    public int GetSize() => Size;

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)Type, Flags, 0);
        return Size;
    }
}

/// <summary>COOKIE ECHO (RFC 9260 §3.3.11): the State Cookie from the INIT ACK, echoed unchanged.</summary>
internal sealed record CookieEchoChunk(byte[] Cookie)
{
    public static bool TryRead(ReadOnlySpan<byte> data, out CookieEchoChunk? chunk, out int consumed)
    {
        chunk = null;
        if (!ChunkWriting.TryReadView(data, SctpChunkType.CookieEcho, 4, out var view, out consumed))
        {
            return false;
        }

        chunk = new CookieEchoChunk(view.Value.ToArray());
        return true;
    }

    public int GetSize() => 4 + Cookie.Length;

    public int Write(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, (byte)SctpChunkType.CookieEcho, 0, Cookie.Length);
        Cookie.CopyTo(destination[4..]);
        return ChunkWriting.Pad(destination, GetSize());
    }
}
