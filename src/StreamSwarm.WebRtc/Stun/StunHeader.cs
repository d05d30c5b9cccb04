using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// The STUN message header (RFC 8489 §5):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The message type interleaves method bits M0–M11 with class bits C0 C1:
/// <c>M11..M7 C1 M6..M4 C0 M3..M0</c>.
/// </summary>
public readonly record struct StunHeader(StunMethod Method, StunClass Class, int Length, StunTransactionId TransactionId)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 20;

    /// <summary>The fixed magic cookie 0x2112A442 (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Encodes method and class into the 14-bit message type (RFC 8489 §5, Figure 3).</summary>
    public static ushort EncodeType(StunMethod method, StunClass @class)
    {
        int m = (int)method & 0xFFF;
        int c = (int)@class;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    /// <summary>Splits a 14-bit message type into method and class.</summary>
    public static (StunMethod Method, StunClass Class) DecodeType(ushort type)
    {
        int m = (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
        int c = ((type >> 4) & 1) | ((type >> 7) & 2);
        return ((StunMethod)m, (StunClass)c);
    }

    /// <summary>
    /// Cheap RFC 7983 / RFC 8489 §6 test: first two bits zero, magic cookie present, length a
    /// multiple of 4 and within the datagram.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= Size && (datagram[0] & 0xC0) == 0 &&
        BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie &&
        (BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) & 3) == 0 &&
        BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) + Size <= datagram.Length;

    /// <summary>Reads a header; false when the bytes are not a STUN header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out StunHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        if (source.Length < Size || (source[0] & 0xC0) != 0 ||
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]) != MagicCookie)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if ((length & 3) != 0)
        {
            return false;
        }

        var (method, @class) = DecodeType(BinaryPrimitives.ReadUInt16BigEndian(source));
        header = new StunHeader(method, @class, length, StunTransactionId.Read(source[8..]));
        consumed = Size;
        return true;
    }

    /// <summary>Always <see cref="Size"/>.</summary>
    public static int GetSize() => Size;

    /// <summary>Writes the header.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, EncodeType(Method, Class));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MagicCookie);
        TransactionId.Write(destination[8..]);
        return Size;
    }
}
