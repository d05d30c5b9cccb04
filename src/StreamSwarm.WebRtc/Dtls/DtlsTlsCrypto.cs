using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace StreamSwarm.WebRtc.Dtls;

/// <summary>BouncyCastle's TLS crypto with AES-GCM records done by <see cref="AesGcmRecordCipher"/>.</summary>
internal sealed class DtlsTlsCrypto() : BcTlsCrypto(new SecureRandom())
{
    protected override TlsAeadCipher CreateCipher_Aes_Gcm(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize) =>
        new(cryptoParams, new AesGcmRecordCipher(true), new AesGcmRecordCipher(false), cipherKeySize, macSize, TlsAeadCipher.AEAD_GCM);
}
