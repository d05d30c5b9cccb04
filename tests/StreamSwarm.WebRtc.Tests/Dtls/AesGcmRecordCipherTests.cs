using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Tls;
using StreamSwarm.WebRtc.Dtls;

namespace StreamSwarm.WebRtc.Tests.Dtls;

public sealed class AesGcmRecordCipherTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
    private static readonly byte[] Nonce = Convert.FromHexString("0A0B0C0D0000000000000001");
    private static readonly byte[] Aad = Convert.FromHexString("0000000000000001170303000A");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1200)]
    public void Encrypt_MatchesBouncyCastleGcm_AndDecryptsBack(int length)
    {
        var plaintext = new byte[length];
        new Random(length).NextBytes(plaintext);
        var ours = new AesGcmRecordCipher(true);
        ours.SetKey(Key);
        ours.Init(Nonce, 16, Aad);
        var output = new byte[ours.GetOutputSize(length)];
        Assert.Equal(length + 16, ours.DoFinal(plaintext, 0, length, output, 0));

        var bc = new GcmBlockCipher(new AesEngine());
        bc.Init(true, new AeadParameters(new KeyParameter(Key), 128, Nonce, Aad));
        var expected = new byte[bc.GetOutputSize(length)];
        var n = bc.ProcessBytes(plaintext, 0, length, expected, 0);
        bc.DoFinal(expected, n);
        Assert.Equal(expected, output);

        var back = new AesGcmRecordCipher(false);
        back.SetKey(Key);
        back.Init(Nonce, 16, Aad);
        var decrypted = new byte[length];
        Assert.Equal(length, back.DoFinal(output, 0, output.Length, decrypted, 0));
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void AadGivenAtDoFinal_IsAppendedToTheInitAad()
    {
        var split = new AesGcmRecordCipher(true);
        split.SetKey(Key);
        split.Init(Nonce, 16, Aad[..5]);
        var a = new byte[20];
        split.DoFinal(Aad[5..], new byte[4], 0, 4, a, 0);
        var whole = new AesGcmRecordCipher(true);
        whole.SetKey(Key);
        whole.Init(Nonce, 16, Aad);
        var b = new byte[20];
        whole.DoFinal(new byte[4], 0, 4, b, 0);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Decrypt_InPlaceWithAShiftedOutput_Works()
    {
        var enc = new AesGcmRecordCipher(true);
        enc.SetKey(Key);
        enc.Init(Nonce, 16, Aad);
        var buffer = new byte[8 + 100 + 16];
        var plain = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        enc.DoFinal(plain, 0, 100, buffer, 8);
        var dec = new AesGcmRecordCipher(false);
        dec.SetKey(Key);
        dec.Init(Nonce, 16, Aad);
        Assert.Equal(100, dec.DoFinal(buffer, 8, 116, buffer, 0));
        Assert.Equal(plain, buffer[..100]);
    }

    [Fact]
    public void Decrypt_WithATamperedTag_IsBadRecordMac()
    {
        var enc = new AesGcmRecordCipher(true);
        enc.SetKey(Key);
        enc.Init(Nonce, 16, Aad);
        var record = new byte[32];
        enc.DoFinal(new byte[16], 0, 16, record, 0);
        record[^1] ^= 1;
        var dec = new AesGcmRecordCipher(false);
        dec.SetKey(Key);
        dec.Init(Nonce, 16, Aad);
        var ex = Assert.Throws<TlsFatalAlert>(() => dec.DoFinal(record, 0, record.Length, new byte[16], 0));
        Assert.Equal(AlertDescription.bad_record_mac, ex.AlertDescription);
        Assert.Throws<TlsFatalAlert>(() => dec.DoFinal(record, 0, 15, new byte[16], 0));
    }
}
