using System.Security.Cryptography;
using System.Text;

namespace StreamSwarm.Server.Keys;

/// <summary>Stream keys: how they are made and hashed. Only the SHA-256 of a key is ever stored.</summary>
public static class StreamKey
{
    private const string Prefix = "ssk_";

    /// <summary>A new random key: 32 bytes from the CSPRNG, base64url, with a recognisable prefix.</summary>
    public static string Create()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Prefix + Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string HashHex(string key) => Convert.ToHexStringLower(Hash(key));
}
