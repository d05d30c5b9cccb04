using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// CHANNEL-NUMBER (RFC 8656 §18.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Channel Number         |         RFFU = 0              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Channel numbers 0x4000 through 0x4FFF are valid (RFC 8656 §12).
/// </summary>
public readonly record struct ChannelNumberAttribute(ushort Channel)
{
    /// <summary>Lowest valid channel number.</summary>
    public const ushort Min = 0x4000;

    /// <summary>Highest valid channel number.</summary>
    public const ushort Max = 0x4FFF;

    /// <summary>Reads the value; false unless 4 bytes with a channel in range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ChannelNumberAttribute attribute)
    {
        attribute = default;
        if (value.Length != 4)
        {
            return false;
        }

        ushort channel = BinaryPrimitives.ReadUInt16BigEndian(value);
        if (channel is < Min or > Max)
        {
            return false;
        }

        attribute = new ChannelNumberAttribute(channel);
        return true;
    }

    /// <summary>Always 4.</summary>
    public static int GetSize() => 4;

    /// <summary>Writes the value.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Channel);
        destination[2..4].Clear();
        return 4;
    }
}
