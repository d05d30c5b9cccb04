using System.Buffers.Binary;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): "the CRC-32 of the STUN message up to (but excluding) the
/// FINGERPRINT attribute itself, XOR'ed with the 32-bit value 0x5354554e", with the header length
/// covering the FINGERPRINT attribute. It is always the last attribute.
/// </summary>
public static class FingerprintAttribute
{
    /// <summary>Value length.</summary>
    public const int Size = 4;

    /// <summary>The xor constant ("STUN" in ASCII).</summary>
    public const uint XorValue = 0x5354554E;

    /// <summary>Computes the value over a prefix whose header length already includes the attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> prefix) => Crc32.Compute(prefix) ^ XorValue;

    /// <summary>Checks the FINGERPRINT at <paramref name="attributeOffset"/> of a received message.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset)
    {
        if (attributeOffset < StunHeader.Size || attributeOffset + 8 > message.Length)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[StunHeader.Size];
        message[..StunHeader.Size].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(attributeOffset + 8 - StunHeader.Size));
        uint state = Crc32.Update(Crc32.Update(Crc32.Initial, header), message[StunHeader.Size..attributeOffset]);
        uint expected = ~state ^ XorValue;
        return BinaryPrimitives.ReadUInt32BigEndian(message[(attributeOffset + 4)..]) == expected;
    }
}
