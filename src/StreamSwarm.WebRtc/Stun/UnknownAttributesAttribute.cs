using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): a list of 16-bit attribute types the server did not
/// understand, sent with a 420 error.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Attribute 1 Type         |       Attribute 2 Type        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct UnknownAttributesAttribute(IReadOnlyList<ushort> Types)
{
    /// <summary>Reads the value; false when the length is odd.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out UnknownAttributesAttribute attribute)
    {
        attribute = default;
        if ((value.Length & 1) != 0)
        {
            return false;
        }

        var types = new ushort[value.Length / 2];
        for (int i = 0; i < types.Length; i++)
        {
            types[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(2 * i)..]);
        }

        attribute = new UnknownAttributesAttribute(types);
        return true;
    }

    /// <summary>Value size without padding.</summary>
    public int GetSize() => 2 * Types.Count;

    /// <summary>Writes the value.</summary>
    public int Write(Span<byte> destination)
    {
        for (int i = 0; i < Types.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(2 * i)..], Types[i]);
        }

        return GetSize();
    }
}
