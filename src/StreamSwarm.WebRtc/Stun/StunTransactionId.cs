using System.Buffers.Binary;
using System.Security.Cryptography;

namespace StreamSwarm.WebRtc.Stun;

/// <summary>
/// The 96-bit transaction ID (RFC 8489 §5): "uniformly and randomly chosen from the interval
/// 0 .. 2**96-1, and MUST be cryptographically random". Stored as two integers so it can key a
/// dictionary without allocating.
/// </summary>
public readonly record struct StunTransactionId(ulong High, uint Low)
{
    /// <summary>Length on the wire in bytes.</summary>
    public const int Size = 12;

    /// <summary>A new cryptographically random ID.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads 12 bytes; the caller guarantees the length.</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    /// <summary>Writes the 12 bytes.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Low);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{High:x16}{Low:x8}";
}
