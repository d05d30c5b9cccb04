using StreamSwarm.WebRtc.Dtls;

namespace StreamSwarm.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // From the Chromium 156 offer in Sdp/Vectors/chromium156-offer.sdp.
    private const string Chromium = "sha-256 78:8E:1E:C0:74:5F:AF:A8:69:B5:95:05:62:47:9F:36:EB:6C:EB:57:CF:33:E9:E4:99:ED:55:01:85:A4:85:CA";

    [Fact]
    public void Parse_ThenFormat_RoundTrips()
    {
        Assert.True(DtlsFingerprint.TryParse(Chromium, out var fp));
        Assert.Equal(Chromium, fp.ToString());
        Assert.Equal(32, fp.Digest.Length);
    }

    [Fact]
    public void Parse_AcceptsUpperCaseHashNameAndLowerCaseHex()
    {
        Assert.True(DtlsFingerprint.TryParse("SHA-256 " + Chromium[8..].ToLowerInvariant(), out var fp));
        Assert.Equal(Chromium, fp.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-1 4B:5C:0F:0D:62:1E:8A:41:E7:1B:5B:7E:4F:1B:0A:2D:63:91:27:8F")]
    [InlineData("sha-256 4B:5C:0F:0D:62:1E:8A:41:E7:1B:5B:7E:4F:1B:0A:2D:63:91:27:8F:95:9F:06:A9:A2:1B:5B:03:34:0E:B2")]
    [InlineData("sha-256 4B-5C:0F:0D:62:1E:8A:41:E7:1B:5B:7E:4F:1B:0A:2D:63:91:27:8F:95:9F:06:A9:A2:1B:5B:03:34:0E:B2:9A")]
    [InlineData("sha-256 ZZ:5C:0F:0D:62:1E:8A:41:E7:1B:5B:7E:4F:1B:0A:2D:63:91:27:8F:95:9F:06:A9:A2:1B:5B:03:34:0E:B2:9A")]
    public void Parse_RejectsMalformedValues(string? value) => Assert.False(DtlsFingerprint.TryParse(value, out _));

    [Fact]
    public void GeneratedCertificate_MatchesItsOwnFingerprint_AndNotAnother()
    {
        var a = DtlsCertificate.Generate();
        var b = DtlsCertificate.Generate();
        Assert.True(a.Fingerprint.Matches(a.Der));
        Assert.False(a.Fingerprint.Matches(b.Der));
        Assert.True(DtlsFingerprint.TryParse(a.Fingerprint.ToString(), out var parsed));
        Assert.Equal(a.Fingerprint, parsed);
    }
}
