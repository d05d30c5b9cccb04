using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate (RFC 8827 §6.5) and its private key. One instance may be
/// reused by many connections (like <c>RTCCertificate</c>); the fingerprint goes into SDP.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.FromCertificate(der);
    }

    /// <summary>The SHA-256 fingerprint to put in <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER encoding of the certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Generates a fresh key pair and a certificate valid from yesterday for 30 days.</summary>
    public static DtlsCertificate Generate(TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=WebRTC", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        var der = cert.Export(X509ContentType.Cert);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(der, PrivateKeyFactory.CreateKey(pkcs8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    internal Certificate ToTlsCertificate(BcTlsCrypto crypto) =>
        new(new Org.BouncyCastle.Tls.Crypto.TlsCertificate[] { new BcTlsCertificate(crypto, _der) });
}
