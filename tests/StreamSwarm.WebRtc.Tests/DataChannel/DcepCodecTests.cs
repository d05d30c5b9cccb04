using FsCheck.Xunit;
using StreamSwarm.WebRtc.DataChannel;

namespace StreamSwarm.WebRtc.Tests.DataChannel;

public sealed class DcepCodecTests
{
    // RFC 8832 §5.1 layout; the values are what Chromium sends for createDataChannel('chat')
    // (reliable, ordered, priority 256 = "low", empty protocol).
    private static readonly byte[] OpenChat = Convert.FromHexString("0300010000000000000400006368617400");
    private static readonly byte[] OpenChatExact = OpenChat[..^1];

    // Unordered, 3 retransmits, label "é", protocol "p".
    private static readonly byte[] OpenRexmit = Convert.FromHexString("038102000000000300020001C3A970");

    [Fact]
    public void Open_ReadsChromiumShape_AndWritesTheSameBytes()
    {
        Assert.True(DcepOpenMessage.TryRead(OpenChat, out var m, out var consumed));
        Assert.Equal(OpenChatExact.Length, consumed);
        Assert.Equal(new DcepOpenMessage(DataChannelType.Reliable, 256, 0, "chat", string.Empty), m);
        Assert.False(m.Unordered);
        var buffer = new byte[m.GetSize()];
        Assert.Equal(buffer.Length, m.Write(buffer));
        Assert.Equal(OpenChatExact, buffer);
    }

    [Fact]
    public void Open_WithUtf8LabelAndProtocol_RoundTrips()
    {
        var m = new DcepOpenMessage(DataChannelType.PartialReliableRexmitUnordered, 512, 3, "\u00e9", "p");
        var buffer = new byte[m.GetSize()];
        m.Write(buffer);
        Assert.Equal("038102000000000300020001C3A970", Convert.ToHexString(buffer));
        Assert.True(DcepOpenMessage.TryRead(buffer, out var back, out _));
        Assert.Equal(m, back);
        Assert.True(back.Unordered);
    }

    [Fact]
    public void Open_TruncatedAtEveryOffset_IsRejected()
    {
        for (var i = 0; i < OpenChatExact.Length; i++)
        {
            Assert.False(DcepOpenMessage.TryRead(OpenChatExact.AsSpan(0, i), out _, out var consumed));
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [InlineData("0203")]
    [InlineData("0305010000000000000400006368617400")]
    [InlineData("03000100000000000002000063FF")]
    public void Open_WithWrongTypeUnknownChannelTypeOrBadUtf8_IsRejected(string hex) =>
        Assert.False(DcepOpenMessage.TryRead(Convert.FromHexString(hex), out _, out _));

    [Theory]
    [InlineData(DataChannelType.Reliable)]
    [InlineData(DataChannelType.ReliableUnordered)]
    [InlineData(DataChannelType.PartialReliableRexmit)]
    [InlineData(DataChannelType.PartialReliableRexmitUnordered)]
    [InlineData(DataChannelType.PartialReliableTimed)]
    [InlineData(DataChannelType.PartialReliableTimedUnordered)]
    public void Open_EveryChannelType_RoundTrips(DataChannelType type)
    {
        var m = new DcepOpenMessage(type, 0, 1000, "x", string.Empty);
        var buffer = new byte[m.GetSize()];
        m.Write(buffer);
        Assert.Equal((byte)type, buffer[1]);
        Assert.True(DcepOpenMessage.TryRead(buffer, out var back, out _));
        Assert.Equal(m, back);
    }

    [Fact]
    public void Ack_IsTheSingleByte02()
    {
        Span<byte> b = stackalloc byte[1];
        Assert.Equal(1, DcepAckMessage.Write(b));
        Assert.Equal(0x02, b[0]);
        Assert.True(DcepAckMessage.TryRead(b, out var consumed));
        Assert.Equal(1, consumed);
        Assert.False(DcepAckMessage.TryRead([], out _));
        Assert.False(DcepAckMessage.TryRead([0x03], out _));
    }

    [Fact]
    public void Write_IntoTooSmallDestination_Throws()
    {
        var m = new DcepOpenMessage(DataChannelType.Reliable, 0, 0, "chat", string.Empty);
        Assert.Throws<ArgumentException>(() => m.Write(new byte[m.GetSize() - 1]));
        Assert.Throws<ArgumentException>(() => DcepAckMessage.Write([]));
    }

    [Property(MaxTest = 2000)]
    public void MutatedOpen_NeverThrows_AndWhatParsesRoundTrips(int seed)
    {
        var rng = new Random(seed);
        var bytes = (rng.Next(2) == 0 ? OpenChat : OpenRexmit).ToArray();
        bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
        var span = bytes.AsSpan(0, rng.Next(bytes.Length + 1));
        if (DcepOpenMessage.TryRead(span, out var m, out var consumed))
        {
            var back = new byte[m.GetSize()];
            m.Write(back);
            Assert.Equal(span[..consumed].ToArray(), back);
        }
    }

    [Property(MaxTest = 1000)]
    public void RandomBytes_NeverThrow_AndWhatParsesRoundTrips(byte[] input, bool asOpen)
    {
        // Half the inputs start with the OPEN type byte so the parser gets past its first check.
        if (asOpen && input.Length > 0)
        {
            input[0] = 0x03;
        }

        if (DcepOpenMessage.TryRead(input, out var m, out var consumed))
        {
            Assert.InRange(consumed, 12, input.Length);
            var back = new byte[m.GetSize()];
            m.Write(back);
            Assert.Equal(input[..consumed], back);
        }

        if (DcepAckMessage.TryRead(input, out var ackConsumed))
        {
            Assert.Equal(1, ackConsumed);
        }
    }
}
