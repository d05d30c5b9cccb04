using System.Buffers.Binary;
using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Whole-packet helpers (RFC 9260 §3): checksum check and fill-in, chunk iteration with padding.
/// </summary>
public static class SctpPacket
{
    /// <summary>
    /// Reads the common header and verifies the CRC32c over the whole packet (RFC 9260 §6.8).
    /// False for short packets or a wrong checksum; such packets are dropped silently.
    /// </summary>
    public static bool TryReadVerified(ReadOnlySpan<byte> packet, out SctpCommonHeader header)
    {
        if (!SctpCommonHeader.TryRead(packet, out header, out _))
        {
            return false;
        }

        uint crc = Crc32c.Update(0xFFFFFFFFu, packet[..8]);
        crc = Crc32c.Update(crc, [0, 0, 0, 0]);
        crc = ~Crc32c.Update(crc, packet[SctpCommonHeader.Size..]);
        return crc == header.Checksum;
    }

    /// <summary>Computes the CRC32c of a complete packet and stores it in the header.</summary>
    public static void WriteChecksum(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], Crc32c.Compute(packet));
    }

    /// <summary>Iterates the chunks after the common header.</summary>
    public static ChunkEnumerator EnumerateChunks(ReadOnlySpan<byte> packet) => new(packet[SctpCommonHeader.Size..]);
}

/// <summary>
/// Walks chunks (RFC 9260 §3.2): each chunk's Length excludes padding; the next chunk starts at the
/// next 4-byte boundary. <see cref="IsMalformed"/> is set when a chunk's length field is invalid,
/// in which case the rest of the packet must be dropped.
/// </summary>
public ref struct ChunkEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    internal ChunkEnumerator(ReadOnlySpan<byte> chunks)
    {
        _remaining = chunks;
        Current = default;
        IsMalformed = false;
    }

    /// <summary>The whole current chunk (header, value and padding when present).</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Type of the current chunk.</summary>
    public readonly ChunkType CurrentType => (ChunkType)Current[0];

    /// <summary>True after <see cref="MoveNext"/> stopped on a chunk with an invalid length.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Advances to the next chunk.</summary>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (!ChunkHeader.TryRead(_remaining, out _, out _, out _, out int consumed))
        {
            IsMalformed = true;
            _remaining = default;
            return false;
        }

        Current = _remaining[..consumed];
        _remaining = _remaining[consumed..];
        return true;
    }

    /// <summary>Enables foreach.</summary>
    public readonly ChunkEnumerator GetEnumerator() => this;
}
