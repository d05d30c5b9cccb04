using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// SCTP common header, RFC 9260 §3.1.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Source Port Number        |     Destination Port Number   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Verification Tag                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Checksum                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The checksum is CRC32c stored in little-endian byte order (RFC 9260 Appendix B).
/// </summary>
public readonly record struct SctpCommonHeader(ushort SourcePort, ushort DestinationPort, uint VerificationTag, uint Checksum)
{
    /// <summary>Size of the common header in bytes.</summary>
    public const int Size = 12;

    /// <summary>Reads the header; false when fewer than 12 bytes are given.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SctpCommonHeader header, out int consumed)
    {
        if (source.Length < Size)
        {
            header = default;
            consumed = 0;
            return false;
        }

        header = new SctpCommonHeader(
            BinaryPrimitives.ReadUInt16BigEndian(source),
            BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]));
        consumed = Size;
        return true;
    }

    /// <summary>Always <see cref="Size"/>.</summary>
    public static int GetSize() => Size;

    /// <summary>Writes the header including <see cref="Checksum"/> as given; returns bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], VerificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Checksum);
        return Size;
    }
}
