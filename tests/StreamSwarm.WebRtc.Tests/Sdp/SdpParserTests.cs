using FsCheck.Xunit;
using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Sdp;

namespace StreamSwarm.WebRtc.Tests.Sdp;

public sealed class SdpParserTests
{
    public static TheoryData<string> Vectors() => new(SdpVectors.Names);

    [Fact]
    public void ChromiumOffer_ParsesToItsDataSection()
    {
        var d = SdpParser.Parse(SdpVectors.Read("chromium156-offer.sdp"));
        Assert.Equal("7071851102035982015", d.SessionId);
        Assert.Equal(2UL, d.SessionVersion);
        Assert.Equal("0", d.Mid);
        Assert.Equal("dbid", d.IceUfrag);
        Assert.Equal("NyesW9OY7mTQU8iNgydZ0b1o", d.IcePwd);
        Assert.True(d.IceTrickle);
        Assert.Equal(SdpSetup.ActPass, d.Setup);
        Assert.Equal(5000, d.SctpPort);
        Assert.Equal(262144, d.MaxMessageSize);
        Assert.Equal("sha-256 78:8E:1E:C0:74:5F:AF:A8:69:B5:95:05:62:47:9F:36:EB:6C:EB:57:CF:33:E9:E4:99:ED:55:01:85:A4:85:CA", d.Fingerprint.ToString());
        Assert.Empty(d.Candidates);
        Assert.Empty(d.IgnoredMedia);
    }

    [Fact]
    public void ChromiumGatheredAnswer_KeepsCandidatesAndSetupActive()
    {
        var d = SdpParser.Parse(SdpVectors.Read("chromium156-answer-gathered.sdp"));
        Assert.Equal(SdpSetup.Active, d.Setup);
        Assert.Equal(2, d.Candidates.Count);
        Assert.StartsWith("candidate:1436535982 1 udp 2113937151 192.0.2.2 39991 typ host", d.Candidates[0], StringComparison.Ordinal);
        Assert.False(d.EndOfCandidates);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_WriteThenParse_RoundTrips(string name)
    {
        var parsed = SdpParser.Parse(SdpVectors.Read(name));
        var written = SdpWriter.Write(parsed);
        var again = SdpParser.Parse(written);
        Assert.Equal(parsed with { Candidates = [], IgnoredMedia = [] }, again with { Candidates = [], IgnoredMedia = [] });
        Assert.Equal(parsed.Candidates, again.Candidates);
        Assert.Equal(written, SdpWriter.Write(again));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_ParsesTheSameWithLfOnly(string name)
    {
        var crlf = SdpParser.Parse(SdpVectors.Read(name));
        var lf = SdpParser.Parse(SdpVectors.Read(name).Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal(SdpWriter.Write(crlf), SdpWriter.Write(lf));
    }

    [Fact]
    public void Writer_EmitsOnlyImplementedAttributes_InChromiumOrder()
    {
        var d = SdpParser.Parse(SdpVectors.Read("chromium156-offer.sdp"));
        var text = SdpWriter.Write(d with { Setup = SdpSetup.Active, Candidates = ["candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"], EndOfCandidates = true });
        Assert.Equal(
            "v=0\r\no=- 7071851102035982015 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n" +
            "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\na=end-of-candidates\r\n" +
            "a=ice-ufrag:dbid\r\na=ice-pwd:NyesW9OY7mTQU8iNgydZ0b1o\r\na=ice-options:trickle\r\n" +
            "a=fingerprint:sha-256 78:8E:1E:C0:74:5F:AF:A8:69:B5:95:05:62:47:9F:36:EB:6C:EB:57:CF:33:E9:E4:99:ED:55:01:85:A4:85:CA\r\n" +
            "a=setup:active\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n",
            text);
        Assert.DoesNotContain("extmap-allow-mixed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sctp-init", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OfferWithAudio_KeepsDataSection_AndAnswerRejectsAudioWithPortZero()
    {
        var offer = SdpVectors.Read("chromium156-offer.sdp").Replace(
            "m=application",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:a\r\na=rtpmap:111 opus/48000/2\r\nm=application",
            StringComparison.Ordinal);
        var d = SdpParser.Parse(offer);
        Assert.Equal(1, d.DataSectionIndex);
        var audio = Assert.Single(d.IgnoredMedia);
        Assert.Equal("audio", audio.Media);
        Assert.Equal("a", audio.Mid);
        var answer = SdpWriter.Write(d);
        Assert.Contains("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n", answer, StringComparison.Ordinal);
        Assert.True(answer.IndexOf("m=audio", StringComparison.Ordinal) < answer.IndexOf("m=application", StringComparison.Ordinal));
        Assert.Contains("a=group:BUNDLE 0\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("rtpmap", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionLevelIceAndFingerprint_AreInherited_AndLegacySctpmapGivesThePort()
    {
        var fp = DtlsCertificate.Generate().Fingerprint;
        var sdp = $"v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\na=ice-ufrag:abcd\na=ice-pwd:abcdefghijklmnopqrstuv\na=fingerprint:{fp}\n" +
                  "m=application 9 DTLS/SCTP 5001\nc=IN IP4 0.0.0.0\na=setup:passive\na=sctpmap:5001 webrtc-datachannel 1024\n";
        var d = SdpParser.Parse(sdp);
        Assert.Equal("abcd", d.IceUfrag);
        Assert.Equal(fp, d.Fingerprint);
        Assert.Equal(SdpSetup.Passive, d.Setup);
        Assert.Equal(5001, d.SctpPort);
        Assert.Equal(65536, d.MaxMessageSize);
        Assert.Equal("0", d.Mid);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\n", "v=0")]
    [InlineData("v=0\r\nthis is not sdp\r\n", "line 2")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "no m=application")]
    [InlineData("v=0\r\nm=application\r\n", "m= needs")]
    [InlineData("v=0\r\no=- 1 x IN IP4 0.0.0.0\r\n", "session version")]
    public void Malformed_ThrowsSdpException(string sdp, string expected)
    {
        var ex = Assert.Throws<SdpException>(() => SdpParser.Parse(sdp));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=ice-ufrag:dbid", "a=ice-ufrag:abc", "ice-ufrag")]
    [InlineData("a=ice-pwd:NyesW9OY7mTQU8iNgydZ0b1o", "a=ice-pwd:short", "ice-pwd")]
    [InlineData("a=ice-pwd:NyesW9OY7mTQU8iNgydZ0b1o", "a=ice-pwd:NyesW9OY7mTQU8iNgydZ0b1o!", "ice-pwd")]
    [InlineData("a=fingerprint:sha-256 78", "a=fingerprint:sha-1 78", "fingerprint")]
    [InlineData("a=setup:actpass", "a=setup:sideways", "setup")]
    [InlineData("a=setup:actpass", "a=setup:holdconn", "holdconn")]
    [InlineData("a=sctp-port:5000", "a=sctp-port:70000", "sctp-port")]
    [InlineData("a=max-message-size:262144", "a=max-message-size:-1", "max-message-size")]
    [InlineData("a=mid:0", "a=mid:0\r\na=candidate:1 1 udp", "candidate")]
    public void ChromiumOffer_WithOneBadField_ThrowsSdpException(string good, string bad, string expected)
    {
        var sdp = SdpVectors.Read("chromium156-offer.sdp").Replace(good, bad, StringComparison.Ordinal);
        var ex = Assert.Throws<SdpException>(() => SdpParser.Parse(sdp));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vector_TruncatedAtEveryOffset_ParsesOrThrowsSdpException()
    {
        var sdp = SdpVectors.Read("chromium156-answer-gathered.sdp");
        for (var i = 0; i <= sdp.Length; i++)
        {
            _ = SdpParser.TryParse(sdp[..i], out _, out _);
        }
    }

    [Property(MaxTest = 1000)]
    public void MutatedVectors_ParseOrFailWithSdpException_NeverAnythingElse(int seed)
    {
        var rng = new Random(seed);
        var chars = SdpVectors.Read(SdpVectors.Names[rng.Next(SdpVectors.Names.Length)]).ToCharArray();
        var edits = 1 + rng.Next(8);
        for (var e = 0; e < edits; e++)
        {
            var at = rng.Next(chars.Length);
            chars[at] = rng.Next(4) switch
            {
                0 => '\n',
                1 => ':',
                2 => (char)rng.Next(0, 0x80),
                _ => (char)rng.Next(0x80, 0xFFFF),
            };
        }

        var text = new string(chars);
        if (rng.Next(3) == 0)
        {
            text = text[..rng.Next(text.Length)];
        }

        try
        {
            SdpParser.Parse(text);
        }
        catch (SdpException)
        {
            // a typed failure is the only allowed outcome besides success
        }
    }

    [Property(MaxTest = 500)]
    public void RandomText_ParsesOrFailsWithSdpException(string? text)
    {
        try
        {
            SdpParser.Parse(text ?? string.Empty);
        }
        catch (SdpException)
        {
            // the only failure allowed
        }
    }

    /// <summary>Lines shuffled and recombined from the real vectors: plausible SDP in impossible orders.</summary>
    [Property(MaxTest = 500)]
    public void ShuffledVectorLines_ParseOrFailWithSdpException(int seed)
    {
        var rng = new Random(seed);
        var lines = new List<string>();
        foreach (var name in SdpVectors.Names)
        {
            lines.AddRange(SdpVectors.Read(name).Split('\n'));
        }

        var picked = new string[rng.Next(1, 40)];
        for (var i = 0; i < picked.Length; i++)
        {
            var line = lines[rng.Next(lines.Count)];
            picked[i] = rng.Next(5) == 0 && line.Length > 2 ? line[..rng.Next(line.Length)] : line;
        }

        if (rng.Next(2) == 0)
        {
            picked[0] = "v=0\r";
        }

        try
        {
            SdpParser.Parse(string.Join('\n', picked));
        }
        catch (SdpException)
        {
            // the only failure allowed
        }
    }
}
