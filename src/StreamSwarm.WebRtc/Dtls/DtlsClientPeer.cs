using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>BouncyCastle client side (<c>a=setup:active</c>): DTLS 1.2, ECDHE-ECDSA-AES128-GCM, EMS.</summary>
internal sealed class DtlsClientPeer(BcTlsCrypto crypto, DtlsPeerCredentials credentials, int handshakeTimeoutMs) : DefaultTlsClient(crypto)
{
    public int SelectedCipherSuite => m_context.SecurityParameters.CipherSuite;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMs;

    public override bool RequiresExtendedMasterSecret() => true;

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

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

    private sealed class Authentication(DtlsClientPeer owner) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            owner.Credentials.VerifyPeer(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            owner.Credentials.CreateSigner(owner.m_context);
    }

    private DtlsPeerCredentials Credentials => credentials;
}
