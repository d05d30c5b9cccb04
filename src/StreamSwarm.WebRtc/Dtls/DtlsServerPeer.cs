using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>
/// BouncyCastle server side (<c>a=setup:passive</c>, or our <c>actpass</c> answered with
/// <c>active</c>). DTLS 1.2 only: Chromium offers 1.3 next to 1.2 and we pick 1.2.
/// </summary>
internal sealed class DtlsServerPeer(BcTlsCrypto crypto, DtlsPeerCredentials credentials, int handshakeTimeoutMs) : DefaultTlsServer(crypto)
{
    public int SelectedCipherSuite => m_context.SecurityParameters.CipherSuite;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMs;

    public override bool RequiresExtendedMasterSecret() => true;

    public override CertificateRequest GetCertificateRequest()
    {
        // Chrome 124+ refuses a CertificateRequest without ecdsa_sign (sipsorcery#1104).
        var algorithms = new List<SignatureAndHashAlgorithm> { DtlsPeerCredentials.EcdsaSha256 };
        return new CertificateRequest([ClientCertificateType.ecdsa_sign], algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate) => credentials.VerifyPeer(clientCertificate);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        if (alertDescription == AlertDescription.close_notify)
        {
            credentials.CloseNotifyReceived = true;
        }
        else
        {
            credentials.FailureReason ??= $"peer sent alert {AlertDescription.GetText(alertDescription)}";
        }
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsPeerCredentials.CipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => credentials.CreateSigner(m_context);
}
