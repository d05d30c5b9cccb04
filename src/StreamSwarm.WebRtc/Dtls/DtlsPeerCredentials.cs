using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>
/// What the client and server peers share: our signer, the fingerprint check that is the only
/// authentication of a WebRTC peer (RFC 8827 §6.5), and alert bookkeeping.
/// </summary>
internal sealed class DtlsPeerCredentials(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint)
{
    /// <summary>RFC 8827 §6.5 / sipsorcery PR #1398: the signature algorithm must match the P-256 key.</summary>
    public static readonly SignatureAndHashAlgorithm EcdsaSha256 =
        SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    public static readonly int[] CipherSuites = [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    private readonly Certificate _certificate = certificate.ToTlsCertificate(crypto);

    public bool PeerCertificateVerified { get; private set; }

    public bool CloseNotifyReceived { get; set; }

    public string? FailureReason { get; set; }

    public TlsCredentialedSigner CreateSigner(TlsContext context) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey, _certificate, EcdsaSha256);

    public void VerifyPeer(Certificate? peerCertificate)
    {
        if (peerCertificate is null || peerCertificate.IsEmpty)
        {
            FailureReason = "peer sent no certificate";
            throw new TlsFatalAlert(AlertDescription.certificate_required);
        }

        var der = peerCertificate.GetCertificateAt(0).GetEncoded();
        if (!remoteFingerprint.Matches(der))
        {
            FailureReason = "peer certificate does not match the SDP fingerprint";
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }

        PeerCertificateVerified = true;
    }
}
