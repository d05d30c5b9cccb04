using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// One attribute TLV inside a parsed <see cref="StunMessage"/> (RFC 8489 §14):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// "Length" excludes the padding to the next 32-bit boundary; padding bits are ignored. Offsets
/// are positions of the TLV start in the message.
/// </summary>
public readonly record struct StunAttribute(ushort RawType, int Offset, int ValueLength)
{
    /// <summary>Type and length fields.</summary>
    public const int HeaderSize = 4;

    /// <summary>The type as the enum (may hold values the enum does not name).</summary>
    public StunAttributeType Type => (StunAttributeType)RawType;

    /// <summary>RFC 8489 §14: types 0x0000–0x7FFF must be understood.</summary>
    public bool IsComprehensionRequired => RawType < 0x8000;

    /// <summary>Offset of the value in the message.</summary>
    public int ValueOffset => Offset + HeaderSize;

    /// <summary>Length of a value once padded to 4 bytes.</summary>
    public static int Padded(int length) => (length + 3) & ~3;

    /// <summary>Reads one TLV at the start of <paramref name="source"/>, with its padding.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, int offset, out StunAttribute attribute, out int consumed)
    {
        attribute = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        int total = HeaderSize + Padded(length);
        if (total > source.Length)
        {
            return false;
        }

        attribute = new StunAttribute(BinaryPrimitives.ReadUInt16BigEndian(source), offset, length);
        consumed = total;
        return true;
    }

    /// <summary>Size on the wire with padding.</summary>
    public int GetSize() => HeaderSize + Padded(ValueLength);
}
