using System.Security.Cryptography;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256 over the same range as
/// MESSAGE-INTEGRITY; "The value will be at most 32 bytes, but it MUST be at least 16 bytes and
/// MUST be a multiple of 4 bytes". This stack writes the full 32 bytes and accepts truncations.
/// </summary>
public static class MessageIntegritySha256Attribute
{
    /// <summary>Length this stack writes.</summary>
    public const int Size = 32;

    /// <summary>Computes the full 32-byte HMAC over a prefix whose header length is already adjusted.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix, Span<byte> mac) =>
        HMACSHA256.HashData(key, prefix, mac);

    /// <summary>Checks a received value of <paramref name="valueLength"/> bytes (16–32, multiple of 4).</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, int valueLength, ReadOnlySpan<byte> key) =>
        valueLength is >= 16 and <= 32 && valueLength % 4 == 0 &&
        MessageIntegrityAttribute.VerifyWith(message, attributeOffset, valueLength, key, static (k, p, m) => HMACSHA256.HashData(k, p, m));
}
