using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// SCTP common header (RFC 9260 §3.1):
/// <code>
///  0                   1                   2                   3
/// |     Source Port Number        |     Destination Port Number   |
/// |                      Verification Tag                         |
/// |                           Checksum                            |
/// </code>
/// followed by chunks, each padded to 4 bytes (§3.2).
/// </summary>
internal readonly record struct SctpPacketHeader(ushort SourcePort, ushort DestinationPort, uint VerificationTag)
{
    public const int Size = 12;

    public static bool TryRead(ReadOnlySpan<byte> packet, out SctpPacketHeader header, out int consumed)
    {
        if (packet.Length < Size)
        {
            header = default;
            consumed = 0;
            return false;
        }

        header = new SctpPacketHeader(
            BinaryPrimitives.ReadUInt16BigEndian(packet),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]));
        consumed = Size;
        return true;
    }

    public int GetSize() => Size;

    /// <summary>Writes the header with a zero checksum; <see cref="SctpPacket.SetChecksum"/> fills it.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], VerificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], 0);
        return Size;
    }
}

/// <summary>One chunk as found in a packet: type, flags and value (no header, no padding).</summary>
internal readonly ref struct SctpChunkView
{
    public SctpChunkView(byte type, byte flags, ReadOnlySpan<byte> chunk)
    {
        Type = type;
        Flags = flags;
        Chunk = chunk;
    }

    public byte Type { get; }

    public byte Flags { get; }

    /// <summary>The whole chunk including its 4-byte header, without padding.</summary>
    public ReadOnlySpan<byte> Chunk { get; }

    public ReadOnlySpan<byte> Value => Chunk[4..];
}

/// <summary>Packet-level helpers: checksum, chunk iteration and chunk framing.</summary>
internal static class SctpPacket
{
    public const int ChunkHeaderSize = 4;

    /// <summary>Computes CRC32c over the packet with the checksum field taken as zero and stores it.</summary>
    public static void SetChecksum(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], 0);
        uint crc = Crc32c.Compute(packet);
        // RFC 9260 Appendix A: the CRC is stored least significant byte first.
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], crc);
    }

    /// <summary>True when the packet has a header and a correct CRC32c.</summary>
    public static bool IsChecksumValid(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < SctpPacketHeader.Size)
        {
            return false;
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(packet[8..]);
        uint crc = Crc32c.Update(0xFFFFFFFFu, packet[..8]);
        crc = Crc32c.Update(crc, [0, 0, 0, 0]);
        crc = Crc32c.Update(crc, packet[12..]);
        return ~crc == stored;
    }

    public static int Pad4(int length) => (length + 3) & ~3;

    /// <summary>Reads one chunk; false when the length field is below 4 or runs past the data.</summary>
    public static bool TryReadChunk(ReadOnlySpan<byte> data, out SctpChunkView chunk, out int consumed)
    {
        chunk = default;
        consumed = 0;
        if (data.Length < ChunkHeaderSize)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (length < ChunkHeaderSize || length > data.Length)
        {
            return false;
        }

        chunk = new SctpChunkView(data[0], data[1], data[..length]);
        // The last chunk's padding may be missing from the datagram; tolerate that.
        consumed = Math.Min(Pad4(length), data.Length);
        return true;
    }

    /// <summary>Writes a chunk header for a value of <paramref name="valueLength"/> bytes.</summary>
    public static void WriteChunkHeader(Span<byte> destination, byte type, byte flags, int valueLength)
    {
        destination[0] = type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(ChunkHeaderSize + valueLength));
    }
}

/// <summary>Iterates the chunks of a packet body; stops (with <see cref="Malformed"/> set) on a bad length.</summary>
internal ref struct SctpChunkEnumerator
{
    private ReadOnlySpan<byte> _rest;

    public SctpChunkEnumerator(ReadOnlySpan<byte> chunks)
    {
        _rest = chunks;
        Current = default;
        Malformed = false;
    }

    public SctpChunkView Current { get; private set; }

    public bool Malformed { get; private set; }

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        if (!SctpPacket.TryReadChunk(_rest, out var chunk, out int consumed))
        {
            Malformed = true;
            _rest = default;
            return false;
        }

        Current = chunk;
        _rest = _rest[consumed..];
        return true;
    }
}
