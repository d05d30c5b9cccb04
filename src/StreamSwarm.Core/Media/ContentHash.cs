using System.Security.Cryptography;

namespace StreamSwarm.Core.Media;

/// <summary>A SHA-256 digest of a part, segment or init segment: the authoritative identity of its bytes.</summary>
public readonly struct ContentHash : IEquatable<ContentHash>
{
    public const int Size = 32;

    private readonly byte[]? _bytes;

    private ContentHash(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes ?? [];

    public bool IsEmpty => _bytes is null;

    public static ContentHash Of(ReadOnlySpan<byte> data)
    {
        var digest = new byte[Size];
        SHA256.HashData(data, digest);
        return new ContentHash(digest);
    }

    public static ContentHash FromBytes(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Size)
        {
            throw new ArgumentException($"A SHA-256 digest is {Size} bytes, got {digest.Length}.", nameof(digest));
        }

        return new ContentHash(digest.ToArray());
    }

    public static bool TryParseHex(string? hex, out ContentHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }

        try
        {
            hash = new ContentHash(Convert.FromHexString(hex));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public string ToHex() => _bytes is null ? string.Empty : Convert.ToHexStringLower(_bytes);

    public override string ToString() => ToHex();

    public bool Equals(ContentHash other) => Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is ContentHash other && Equals(other);

    public override int GetHashCode() => _bytes is null ? 0 : BitConverter.ToInt32(_bytes, 0);

    public static bool operator ==(ContentHash left, ContentHash right) => left.Equals(right);

    public static bool operator !=(ContentHash left, ContentHash right) => !left.Equals(right);
}
