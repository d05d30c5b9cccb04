using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP <c>a=fingerprint</c> (RFC 8122 §5): hash function
/// name and upper-case hex bytes separated by colons. Only <c>sha-256</c> is produced and checked
/// (RFC 8827 §6.5 requires it; Chromium sends it).
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>The only hash function this stack produces and accepts.</summary>
    public const string Sha256 = "sha-256";

    private readonly byte[] _digest;

    private DtlsFingerprint(string algorithm, byte[] digest)
    {
        Algorithm = algorithm;
        _digest = digest;
    }

    /// <summary>Hash function name in lower case, e.g. <c>sha-256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>SHA-256 fingerprint of a DER-encoded certificate.</summary>
    public static DtlsFingerprint FromCertificate(ReadOnlySpan<byte> der) => new(Sha256, SHA256.HashData(der));

    /// <summary>Parses <c>"sha-256 AB:CD:…"</c> (the value of <c>a=fingerprint</c>).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (value is null)
        {
            return false;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var algorithm = value[..space].ToLowerInvariant();
        var hex = value[(space + 1)..].Trim();
        if (algorithm != Sha256 || hex.Length != (32 * 3) - 1)
        {
            return false;
        }

        var digest = new byte[32];
        for (var i = 0; i < digest.Length; i++)
        {
            var at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                return false;
            }

            if (!byte.TryParse(hex.AsSpan(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out digest[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(algorithm, digest);
        return true;
    }

    /// <summary>True when this fingerprint is the SHA-256 of <paramref name="der"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> der)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(der, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _digest);
    }

    /// <summary>Formats as the SDP attribute value: <c>sha-256 AB:CD:…</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Algorithm.Length + 1 + (_digest.Length * 3));
        sb.Append(Algorithm).Append(' ');
        for (var i = 0; i < _digest.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(':');
            }

            sb.Append(_digest[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && other._digest.AsSpan().SequenceEqual(_digest);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(_digest, 0);
}
