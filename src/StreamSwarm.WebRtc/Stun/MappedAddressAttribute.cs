using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// MAPPED-ADDRESS (RFC 8489 §14.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |           Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 Address (32 bits or 128 bits)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Family 0x01 is IPv4, 0x02 IPv6.
/// </summary>
public readonly record struct MappedAddressAttribute(IPEndPoint EndPoint)
{
    /// <summary>Family value for IPv4.</summary>
    public const byte FamilyIPv4 = 0x01;

    /// <summary>Family value for IPv6.</summary>
    public const byte FamilyIPv6 = 0x02;

    /// <summary>Reads the value; false for a bad family or length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out MappedAddressAttribute attribute)
    {
        attribute = default;
        if (value.Length < 4)
        {
            return false;
        }

        int length = value[1] switch { FamilyIPv4 => 4, FamilyIPv6 => 16, _ => -1 };
        if (length < 0 || value.Length != 4 + length)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        attribute = new MappedAddressAttribute(new IPEndPoint(new IPAddress(value.Slice(4, length)), port));
        return true;
    }

    /// <summary>Value size: 8 for IPv4, 20 for IPv6.</summary>
    public int GetSize() => EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? 20 : 8;

    /// <summary>Writes the value.</summary>
    public int Write(Span<byte> destination)
    {
        bool v6 = EndPoint.AddressFamily == AddressFamily.InterNetworkV6;
        destination[0] = 0;
        destination[1] = v6 ? FamilyIPv6 : FamilyIPv4;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)EndPoint.Port);
        if (!EndPoint.Address.TryWriteBytes(destination[4..], out int written) || written != (v6 ? 16 : 4))
        {
            throw new ArgumentException("Address does not fit its family.", nameof(destination));
        }

        return 4 + written;
    }
}
