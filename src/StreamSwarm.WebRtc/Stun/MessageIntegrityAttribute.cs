using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): a 20-byte HMAC-SHA1 "computed over the STUN message, up to
/// but excluding the attribute preceding the MESSAGE-INTEGRITY attribute", with the header length
/// field adjusted "to point to the end of the MESSAGE-INTEGRITY attribute". The key is the
/// short-term password (ICE: the receiver's ice-pwd) or the long-term key of
/// <see cref="StunCredentials.LongTermKey"/>.
/// </summary>
/// <remarks>
/// Uses the static one-shot <see cref="HMACSHA1.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>:
/// no HMAC object exists per packet (nor shared mutable hash state between receive loops).
/// </remarks>
public static class MessageIntegrityAttribute
{
    /// <summary>Value length.</summary>
    public const int Size = 20;

    /// <summary>Computes the HMAC over <paramref name="prefix"/> whose header length is already adjusted.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, Span<byte> mac) =>
        HMACSHA1.HashData(key, prefix, mac);

    /// <summary>
    /// Checks a MESSAGE-INTEGRITY value at <paramref name="attributeOffset"/> of a received
    /// message. Constant-time comparison.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> key) =>
        VerifyWith(message, attributeOffset, Size, key, static (k, p, m) => HMACSHA1.HashData(k, p, m));

    internal delegate void MacFunction(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, Span<byte> mac);

    internal static bool VerifyWith(ReadOnlySpan<byte> message, int attributeOffset, int macLength, ReadOnlySpan<byte> key, MacFunction mac)
    {
        if (attributeOffset < StunHeader.Size || attributeOffset + StunAttribute.HeaderSize + macLength > message.Length)
        {
            return false;
        }

        byte[]? rented = null;
        Span<byte> prefix = attributeOffset <= 1024
            ? stackalloc byte[attributeOffset]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset)).AsSpan(0, attributeOffset);
        try
        {
            message[..attributeOffset].CopyTo(prefix);
            BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], (ushort)(attributeOffset - StunHeader.Size + StunAttribute.HeaderSize + macLength));
            Span<byte> computed = stackalloc byte[64];
            int fullLength = macLength > 20 ? 32 : 20;
            mac(key, prefix, computed[..fullLength]);
            return CryptographicOperations.FixedTimeEquals(
                computed[..macLength],
                message.Slice(attributeOffset + StunAttribute.HeaderSize, macLength));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
