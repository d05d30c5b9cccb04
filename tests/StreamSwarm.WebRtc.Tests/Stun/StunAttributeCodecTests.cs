using System.Net;
using StreamSwarm.WebRtc.Ice.Turn;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Tests.Stun;

public class StunAttributeCodecTests
{
    private static readonly StunTransactionId Id = new(0xb7e7a701bc34d686, 0xfa87dfae);

    [Theory]
    [InlineData("192.0.2.1", 32853, "0001a147e112a643")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853, "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9")]
    public void XorAddress_MatchesRfc5769_AndRejectsEveryTruncation(string address, int port, string hex)
    {
        var value = Convert.FromHexString(hex);
        Assert.True(XorAddressAttribute.TryRead(value, Id, out var decoded));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), decoded.EndPoint);
        var written = new byte[decoded.GetSize()];
        decoded.Write(written, Id);
        Assert.Equal(value, written);
        for (int i = 0; i < value.Length; i++)
        {
            Assert.False(XorAddressAttribute.TryRead(value.AsSpan(0, i), Id, out _));
        }
    }

    [Fact]
    public void MappedAddress_RoundTrips_AndRejectsBadFamily()
    {
        var attribute = new MappedAddressAttribute(new IPEndPoint(IPAddress.Parse("2001:db8::9"), 3478));
        var bytes = new byte[attribute.GetSize()];
        attribute.Write(bytes);
        Assert.True(MappedAddressAttribute.TryRead(bytes, out var back));
        Assert.Equal(attribute, back);
        bytes[1] = 3;
        Assert.False(MappedAddressAttribute.TryRead(bytes, out _));
        for (int i = 0; i < bytes.Length; i++)
        {
            Assert.False(MappedAddressAttribute.TryRead(bytes.AsSpan(0, i), out _));
        }
    }

    [Fact]
    public void ErrorCode_RoundTrips_AndRejectsShortOrBadClass()
    {
        var attribute = new ErrorCodeAttribute(438, "Stale Nonce");
        var bytes = new byte[attribute.GetSize()];
        attribute.Write(bytes);
        Assert.Equal(new byte[] { 0, 0, 4, 38 }, bytes[..4]);
        Assert.True(ErrorCodeAttribute.TryRead(bytes, out var back));
        Assert.Equal(attribute, back);
        for (int i = 0; i < 4; i++)
        {
            Assert.False(ErrorCodeAttribute.TryRead(bytes.AsSpan(0, i), out _));
        }

        Assert.False(ErrorCodeAttribute.TryRead([0, 0, 2, 0], out _));
        Assert.False(ErrorCodeAttribute.TryRead([0, 0, 4, 100], out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorCodeAttribute(200, "OK").Write(new byte[8]));
    }

    [Fact]
    public void SmallAttributes_RejectWrongLengths()
    {
        Assert.False(UnknownAttributesAttribute.TryRead([0, 1, 2], out _));
        Assert.True(UnknownAttributesAttribute.TryRead([], out var none));
        Assert.Empty(none.Types);
        Assert.False(RequestedTransportAttribute.TryRead([17, 0, 0], out _));
        Assert.False(ChannelNumberAttribute.TryRead([0x3F, 0xFF, 0, 0], out _));
        Assert.False(ChannelNumberAttribute.TryRead([0x50, 0x00, 0, 0], out _));
        Assert.True(ChannelNumberAttribute.TryRead([0x4F, 0xFF, 0, 0], out var max));
        Assert.Equal(0x4FFF, max.Channel);
    }

    [Fact]
    public void ChannelData_RoundTrips_AcceptsPadding_AndRejectsTruncation()
    {
        byte[] data = [1, 2, 3, 4, 5];
        var bytes = new byte[9];
        Assert.Equal(9, new ChannelDataMessage(0x4001, data).Write(bytes));
        Assert.Equal(new byte[] { 0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5 }, bytes);
        Assert.True(ChannelDataMessage.TryRead(bytes, out var message, out int consumed));
        Assert.Equal(0x4001, message.Channel);
        Assert.Equal(data, message.Data.ToArray());
        Assert.Equal(9, consumed);

        byte[] padded = [.. bytes, 0, 0, 0];
        Assert.True(ChannelDataMessage.TryRead(padded, out _, out consumed));
        Assert.Equal(12, consumed);

        for (int i = 0; i < bytes.Length; i++)
        {
            Assert.False(ChannelDataMessage.TryRead(bytes.AsSpan(0, i), out _, out _));
        }

        Assert.False(ChannelDataMessage.TryRead([0x50, 0, 0, 0], out _, out _));
        Assert.False(ChannelDataMessage.TryRead([0x00, 1, 0, 0], out _, out _));
    }

    [Fact]
    public void StunHeader_RoundTrips()
    {
        var header = new StunHeader(StunMethod.ChannelBind, StunClass.SuccessResponse, 64, Id);
        var bytes = new byte[StunHeader.GetSize()];
        header.Write(bytes);
        Assert.True(StunHeader.TryRead(bytes, out var back, out int consumed));
        Assert.Equal(header, back);
        Assert.Equal(20, consumed);
    }
}
