using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2), and with the same encoding XOR-PEER-ADDRESS
/// (RFC 8656 §18.3) and XOR-RELAYED-ADDRESS (RFC 8656 §18.5):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// "X-Port is computed by XOR'ing the mapped port with the most significant 16 bits of the magic
/// cookie"; an IPv4 X-Address is XOR'd with the magic cookie, an IPv6 one with the concatenation
/// of the magic cookie and the 96-bit transaction ID.
/// </summary>
public readonly record struct XorAddressAttribute(IPEndPoint EndPoint)
{
    /// <summary>Reads the value; false for a bad family or length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, StunTransactionId transactionId, out XorAddressAttribute attribute)
    {
        attribute = default;
        if (!MappedAddressAttribute.TryRead(value, out var plain))
        {
            return false;
        }

        Span<byte> mask = stackalloc byte[16];
        WriteMask(mask, transactionId);
        Span<byte> address = stackalloc byte[16];
        int length = value[1] == MappedAddressAttribute.FamilyIPv4 ? 4 : 16;
        for (int i = 0; i < length; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }

        int port = plain.EndPoint.Port ^ (int)(StunHeader.MagicCookie >> 16);
        attribute = new XorAddressAttribute(new IPEndPoint(new IPAddress(address[..length]), port));
        return true;
    }

    /// <summary>Value size: 8 for IPv4, 20 for IPv6.</summary>
    public int GetSize() => new MappedAddressAttribute(EndPoint).GetSize();

    /// <summary>Writes the value.</summary>
    public int Write(Span<byte> destination, StunTransactionId transactionId)
    {
        int size = new MappedAddressAttribute(EndPoint).Write(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(EndPoint.Port ^ (int)(StunHeader.MagicCookie >> 16)));
        Span<byte> mask = stackalloc byte[16];
        WriteMask(mask, transactionId);
        for (int i = 4; i < size; i++)
        {
            destination[i] ^= mask[i - 4];
        }

        return size;
    }

    private static void WriteMask(Span<byte> mask, StunTransactionId transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunHeader.MagicCookie);
        transactionId.Write(mask[4..]);
    }
}
