using System.Net;
using System.Text;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Tests.Stun;

public class StunMessageTests
{
    private static readonly StunTransactionId VectorId = new(0xb7e7a701bc34d686, 0xfa87dfae);

    private static StunMessage Parse(byte[] bytes)
    {
        Assert.True(StunMessage.TryRead(bytes, out var message, out int consumed));
        Assert.Equal(bytes.Length, consumed);
        return message!;
    }

    [Fact]
    public void Rfc5769_SampleRequest_ParsesAndVerifies()
    {
        var m = Parse(Rfc5769Vectors.SampleRequest);
        Assert.Equal(StunMethod.Binding, m.Method);
        Assert.Equal(StunClass.Request, m.Class);
        Assert.Equal(VectorId, m.TransactionId);
        Assert.True(m.TryGetString(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", software);
        Assert.True(m.TryGetString(StunAttributeType.Username, out var username));
        Assert.Equal("evtj:h6vY", username);
        Assert.True(m.TryGetUInt32(StunAttributeType.Priority, out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(m.TryGetUInt64(StunAttributeType.IceControlled, out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.True(m.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Rfc5769Vectors.ShortTermPassword)));
        Assert.False(m.VerifyMessageIntegrity(StunCredentials.ShortTermKey("wrong")));
        Assert.True(m.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_IPv4Response_DecodesXorMappedAddress()
    {
        var m = Parse(Rfc5769Vectors.SampleIPv4Response);
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Assert.True(m.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), mapped);
        Assert.True(m.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Rfc5769Vectors.ShortTermPassword)));
        Assert.True(m.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_IPv6Response_DecodesXorMappedAddress()
    {
        var m = Parse(Rfc5769Vectors.SampleIPv6Response);
        Assert.True(m.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), mapped);
        Assert.True(m.VerifyMessageIntegrity(StunCredentials.ShortTermKey(Rfc5769Vectors.ShortTermPassword)));
        Assert.True(m.VerifyFingerprint());
    }

    [Fact]
    public void Rfc5769_LongTermRequest_VerifiesWithMd5Key()
    {
        var m = Parse(Rfc5769Vectors.LongTermRequest);
        Assert.True(m.TryGetString(StunAttributeType.Username, out var username));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", username);
        Assert.True(m.TryGetString(StunAttributeType.Nonce, out var nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", nonce);
        Assert.True(m.TryGetString(StunAttributeType.Realm, out var realm));
        Assert.Equal("example.org", realm);
        Assert.False(m.HasFingerprint);
        Assert.True(m.VerifyMessageIntegrity(StunCredentials.LongTermKey(username, realm, "TheMatrIX")));
        Assert.False(m.VerifyMessageIntegrity(StunCredentials.LongTermKey(username, realm, "thematrix")));
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677")]
    public void Writer_XorMappedAddress_MatchesRfc5769Bytes(string address)
    {
        var vector = address.Contains(':', StringComparison.Ordinal) ? Rfc5769Vectors.SampleIPv6Response : Rfc5769Vectors.SampleIPv4Response;
        var m = Parse(vector);
        Assert.True(m.TryGetAttribute(StunAttributeType.XorMappedAddress, out var attribute));
        Span<byte> buffer = stackalloc byte[128];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, VectorId);
        w.AddXorAddress(StunAttributeType.XorMappedAddress, new IPEndPoint(IPAddress.Parse(address), 32853));
        Assert.Equal(m.GetValue(attribute).ToArray(), w.Written[24..].ToArray());
    }

    [Fact]
    public void Writer_ReproducesRfc5769_LongTermRequest_ByteForByte()
    {
        var m = Parse(Rfc5769Vectors.LongTermRequest);
        Span<byte> buffer = stackalloc byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, m.TransactionId);
        w.AddString(StunAttributeType.Username, "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9");
        w.AddString(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA");
        w.AddString(StunAttributeType.Realm, "example.org");
        w.AddMessageIntegrity(StunCredentials.LongTermKey("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", "example.org", "TheMatrIX"));
        Assert.Equal(Rfc5769Vectors.LongTermRequest, w.Written.ToArray());
    }

    [Fact]
    public void RoundTrip_AllAttributeKinds()
    {
        var id = StunTransactionId.NewRandom();
        var key = StunCredentials.ShortTermKey("0123456789abcdefghijkl");
        var buffer = new byte[512];
        var w = new StunMessageWriter(buffer, StunMethod.Allocate, StunClass.ErrorResponse, id);
        w.AddMappedAddress(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7));
        w.AddXorAddress(StunAttributeType.XorPeerAddress, new IPEndPoint(IPAddress.Parse("::1"), 65535));
        w.AddXorAddress(StunAttributeType.XorRelayedAddress, new IPEndPoint(IPAddress.Parse("203.0.113.9"), 50000));
        w.AddErrorCode(487, "Role Conflict");
        w.AddUnknownAttributes([0x0031, 0x0032, 0x0033]);
        w.AddString(StunAttributeType.Realm, "streamswarm");
        w.AddString(StunAttributeType.Nonce, "n0nce");
        w.AddUInt32(StunAttributeType.Lifetime, 600);
        w.AddRequestedTransport(RequestedTransportAttribute.Udp);
        w.AddChannelNumber(0x4001);
        w.AddBytes(StunAttributeType.Data, [1, 2, 3, 4, 5]);
        w.AddFlag(StunAttributeType.UseCandidate);
        w.AddUInt64(StunAttributeType.IceControlling, 0x0102030405060708);
        w.AddBytes((StunAttributeType)0xC057, [0, 1, 0, 10]);
        w.AddMessageIntegrity(key);
        w.AddMessageIntegritySha256(key);
        w.AddFingerprint();
        var bytes = w.Written.ToArray();

        var m = Parse(bytes);
        Assert.Equal(StunMethod.Allocate, m.Method);
        Assert.Equal(StunClass.ErrorResponse, m.Class);
        Assert.Equal(id, m.TransactionId);
        Assert.True(m.TryGetMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 7), mapped);
        Assert.True(m.TryGetXorAddress(StunAttributeType.XorPeerAddress, out var peer));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 65535), peer);
        Assert.True(m.TryGetXorAddress(StunAttributeType.XorRelayedAddress, out var relayed));
        Assert.Equal(50000, relayed.Port);
        Assert.True(m.TryGetErrorCode(out var error));
        Assert.Equal(new ErrorCodeAttribute(487, "Role Conflict"), error);
        Assert.True(m.TryGetAttribute(StunAttributeType.UnknownAttributes, out var ua));
        Assert.True(UnknownAttributesAttribute.TryRead(m.GetValue(ua), out var unknown));
        Assert.Equal(new ushort[] { 0x31, 0x32, 0x33 }, unknown.Types);
        Assert.True(m.TryGetUInt32(StunAttributeType.Lifetime, out uint lifetime));
        Assert.Equal(600u, lifetime);
        Assert.True(m.TryGetAttribute(StunAttributeType.RequestedTransport, out var rt));
        Assert.True(RequestedTransportAttribute.TryRead(m.GetValue(rt), out var transport));
        Assert.Equal(17, transport.Protocol);
        Assert.True(m.TryGetAttribute(StunAttributeType.ChannelNumber, out var cn));
        Assert.True(ChannelNumberAttribute.TryRead(m.GetValue(cn), out var channel));
        Assert.Equal(0x4001, channel.Channel);
        Assert.True(m.Contains(StunAttributeType.UseCandidate));
        Assert.True(m.Contains((StunAttributeType)0xC057));
        Assert.True(m.VerifyMessageIntegrity(key));
        Assert.True(m.VerifyMessageIntegritySha256(key));
        Assert.True(m.VerifyFingerprint());

        // Unknown comprehension-optional attributes are not reported; required ones are.
        Assert.Empty(m.GetUnknownComprehensionRequired(
        [
            StunAttributeType.MappedAddress, StunAttributeType.XorPeerAddress, StunAttributeType.XorRelayedAddress,
            StunAttributeType.ErrorCode, StunAttributeType.UnknownAttributes, StunAttributeType.Realm,
            StunAttributeType.Nonce, StunAttributeType.Lifetime, StunAttributeType.RequestedTransport,
            StunAttributeType.ChannelNumber, StunAttributeType.Data, StunAttributeType.UseCandidate,
            StunAttributeType.MessageIntegrity, StunAttributeType.MessageIntegritySha256,
        ]));
        Assert.Contains((ushort)StunAttributeType.Data, m.GetUnknownComprehensionRequired([]));

        var again = new byte[m.GetSize()];
        Assert.Equal(bytes.Length, m.Write(again));
        Assert.Equal(bytes, again);
    }

    [Fact]
    public void MessageType_EncodesMethodAndClassBits()
    {
        Assert.Equal(0x0001, StunHeader.EncodeType(StunMethod.Binding, StunClass.Request));
        Assert.Equal(0x0101, StunHeader.EncodeType(StunMethod.Binding, StunClass.SuccessResponse));
        Assert.Equal(0x0111, StunHeader.EncodeType(StunMethod.Binding, StunClass.ErrorResponse));
        Assert.Equal(0x0016, StunHeader.EncodeType(StunMethod.Send, StunClass.Indication));
        Assert.Equal(0x0113, StunHeader.EncodeType(StunMethod.Allocate, StunClass.ErrorResponse));
        for (int method = 0; method < 0x1000; method += 37)
        {
            foreach (var c in new[] { StunClass.Request, StunClass.Indication, StunClass.SuccessResponse, StunClass.ErrorResponse })
            {
                Assert.Equal(((StunMethod)method, c), StunHeader.DecodeType(StunHeader.EncodeType((StunMethod)method, c)));
            }
        }
    }

    [Fact]
    public void Truncated_AtEveryLength_IsRejected()
    {
        foreach (var vector in Rfc5769Vectors.All)
        {
            for (int length = 0; length < vector.Length; length++)
            {
                Assert.False(StunMessage.TryRead(vector.AsSpan(0, length), out _, out _));
            }
        }
    }

    [Fact]
    public void TrailingBytes_AreNotConsumed()
    {
        var bytes = Rfc5769Vectors.SampleRequest.Concat(new byte[] { 9, 9, 9 }).ToArray();
        Assert.True(StunMessage.TryRead(bytes, out _, out int consumed));
        Assert.Equal(Rfc5769Vectors.SampleRequest.Length, consumed);
    }

    [Fact]
    public void AttributesAfterIntegrity_AreIgnored_ExceptFingerprint()
    {
        var key = StunCredentials.ShortTermKey("k");
        var buffer = new byte[128];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom());
        w.AddUInt32(StunAttributeType.Priority, 1);
        w.AddMessageIntegrity(key);
        w.AddBytes(StunAttributeType.Data, [1, 2, 3, 4]);
        w.AddFingerprint();
        var m = Parse(w.Written.ToArray());
        Assert.False(m.Contains(StunAttributeType.Data));
        Assert.True(m.VerifyMessageIntegrity(key));
        Assert.True(m.HasFingerprint);
    }

    [Fact]
    public void BadHeaders_AreRejected()
    {
        var good = Rfc5769Vectors.SampleRequest;
        byte[] Mutate(Action<byte[]> change)
        {
            var copy = (byte[])good.Clone();
            change(copy);
            return copy;
        }

        Assert.False(StunMessage.TryRead(Mutate(b => b[0] |= 0x80), out _, out _));
        Assert.False(StunMessage.TryRead(Mutate(b => b[4] ^= 1), out _, out _));
        Assert.False(StunMessage.TryRead(Mutate(b => b[3] += 2), out _, out _));
        Assert.False(StunMessage.TryRead(Mutate(b => b[3] += 4), out _, out _));
        Assert.False(StunMessage.TryRead(Mutate(b => b[23] = 0xff), out _, out _));
        Assert.False(StunHeader.IsStun(good.AsSpan(0, 19)));
        Assert.True(StunHeader.IsStun(good));
    }

    [Fact]
    public void FlippedBit_FailsIntegrityAndFingerprint()
    {
        var key = StunCredentials.ShortTermKey(Rfc5769Vectors.ShortTermPassword);
        for (int i = 24; i < Rfc5769Vectors.SampleRequest.Length; i++)
        {
            var copy = (byte[])Rfc5769Vectors.SampleRequest.Clone();
            copy[i] ^= 0x01;
            if (StunMessage.TryRead(copy, out var m, out _))
            {
                Assert.False(m!.VerifyMessageIntegrity(key) && m.VerifyFingerprint());
            }
        }
    }
}
