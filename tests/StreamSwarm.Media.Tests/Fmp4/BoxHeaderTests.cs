using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Tests.Fmp4;

public class BoxHeaderTests
{
    [Fact]
    public void ThirtyTwoBitSize_ReadsTypeAndSize()
    {
        var bytes = Convert.FromHexString("0000001C66747970"); // 28, 'ftyp'
        Assert.True(BoxHeader.TryRead(bytes, out var h, out var e));
        Assert.Equal(Fmp4Error.None, e);
        Assert.Equal(FourCC.Ftyp, h.Type);
        Assert.Equal(28, h.Size);
        Assert.Equal(8, h.HeaderSize);
        Assert.Equal("ftyp", h.TypeName);
    }

    [Fact]
    public void SizeOne_ReadsLargeSize()
    {
        var bytes = Convert.FromHexString("000000016D6461740000000100000010"); // largesize 2^32 + 16
        Assert.True(BoxHeader.TryRead(bytes, out var h, out _));
        Assert.Equal(FourCC.Mdat, h.Type);
        Assert.Equal((1L << 32) + 16, h.Size);
        Assert.Equal(16, h.HeaderSize);
    }

    [Fact]
    public void SizeZero_IsRejectedForLive()
    {
        Assert.False(BoxHeader.TryRead(Convert.FromHexString("000000006D646174"), out _, out var e));
        Assert.Equal(Fmp4Error.SizeToEnd, e);
    }

    [Theory]
    [InlineData("000000076D646174")] // 7 < 8
    [InlineData("000000016D6461740000000000000008")] // largesize 8 < 16
    [InlineData("0000001075756964000102030405060708090A0B0C0D0E0F")] // uuid: 16 < 24
    public void SizeBelowHeader_IsRejected(string hex)
    {
        Assert.False(BoxHeader.TryRead(Convert.FromHexString(hex), out _, out var e));
        Assert.Equal(Fmp4Error.SizeSmallerThanHeader, e);
    }

    [Fact]
    public void LargeSizePastSignedRange_IsRejected()
    {
        Assert.False(BoxHeader.TryRead(Convert.FromHexString("000000016D646174FFFFFFFFFFFFFFFF"), out _, out var e));
        Assert.Equal(Fmp4Error.BoxTooLarge, e);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0000001C667479")]
    [InlineData("000000016D646174000000")]
    public void IncompleteHeader_AsksForMore(string hex)
    {
        Assert.False(BoxHeader.TryRead(Convert.FromHexString(hex), out _, out var e));
        Assert.Equal(Fmp4Error.None, e);
    }

    [Fact]
    public void UuidBox_HeaderIncludesUserType()
    {
        var bytes = Convert.FromHexString("0000001875756964000102030405060708090A0B0C0D0E0F");
        Assert.True(BoxHeader.TryRead(bytes, out var h, out _));
        Assert.Equal(24, h.HeaderSize);
        Assert.Equal(0, h.PayloadSize);
    }
}
