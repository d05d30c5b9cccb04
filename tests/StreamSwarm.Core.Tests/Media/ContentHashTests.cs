using System.Text;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Core.Tests.Media;

public class ContentHashTests
{
    // FIPS 180-2 appendix B.1 test vector.
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Of_MatchesTheFipsVectorForAbc()
    {
        Assert.Equal(AbcSha256, ContentHash.Of(Encoding.ASCII.GetBytes("abc")).ToHex());
    }

    [Fact]
    public void TryParseHex_RoundTripsAndComparesByValue()
    {
        Assert.True(ContentHash.TryParseHex(AbcSha256, out var parsed));
        Assert.Equal(ContentHash.Of("abc"u8), parsed);
        Assert.True(parsed == ContentHash.Of("abc"u8));
        Assert.Equal(parsed.GetHashCode(), ContentHash.Of("abc"u8).GetHashCode());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00")]
    public void TryParseHex_RefusesWrongLengthOrNonHex(string? hex)
    {
        Assert.False(ContentHash.TryParseHex(hex, out var hash));
        Assert.True(hash.IsEmpty);
    }

    [Fact]
    public void FromBytes_RefusesDigestsOfTheWrongSize()
    {
        Assert.Throws<ArgumentException>(() => ContentHash.FromBytes(new byte[31]));
    }

    [Fact]
    public void Default_IsEmptyAndDiffersFromAnyDigest()
    {
        ContentHash none = default;
        Assert.True(none.IsEmpty);
        Assert.Equal(string.Empty, none.ToHex());
        Assert.NotEqual(ContentHash.Of([]), none);
    }
}
