using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Tests.Fmp4;

public class Fmp4ValidatorTests
{
    [Fact]
    public async Task RealInit_IsValid()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        Assert.True(Fmp4Validator.TryValidateInit(init, out var info, out _));
        Assert.Contains("mp4a.40.2", info.Codecs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealParts_AreValid_AloneTogetherAndAfterStyp()
    {
        var (init, first, second) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        Assert.True(Fmp4Validator.TryValidatePart(first, info, out var one, out _));
        Assert.Single(one);
        Assert.True(Fmp4Validator.TryValidatePart([.. first, .. second], info, out var two, out _));
        Assert.Equal(2, two.Count);
        var styp = InitSegmentParserTests.Box("styp", "msdh\0\0\0\0msdhmsix"u8.ToArray());
        Assert.True(Fmp4Validator.TryValidatePart([.. styp, .. first], null, out _, out _));
    }

    [Fact]
    public async Task InitUploadedAsPart_IsUnexpectedBox()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        Assert.False(Fmp4Validator.TryValidatePart(init, null, out _, out var problem));
        Assert.Equal(Fmp4Error.UnexpectedBox, problem.Error);
    }

    [Fact]
    public async Task PartUploadedAsInit_IsMissingBox()
    {
        var (_, first, _) = await TestMedia.SplitAsync();
        Assert.False(Fmp4Validator.TryValidateInit(first, out _, out var problem));
        Assert.Equal(Fmp4Error.MissingBox, problem.Error);
    }

    [Fact]
    public async Task MoofWithoutMdat_AndStrayBoxes_AreRejected()
    {
        var (_, first, _) = await TestMedia.SplitAsync();
        var moof = FragmentParserTests.Moof(first);
        Assert.False(Fmp4Validator.TryValidatePart(moof, null, out _, out var p1));
        Assert.Equal(Fmp4Error.MissingBox, p1.Error);
        var free = InitSegmentParserTests.Box("free", [1, 2, 3]);
        Assert.False(Fmp4Validator.TryValidatePart([.. first, .. free], null, out _, out var p2));
        Assert.Equal(Fmp4Error.UnexpectedBox, p2.Error);
        Assert.False(Fmp4Validator.TryValidatePart([.. first, .. InitSegmentParserTests.Box("styp", [])], null, out _, out _));
        Assert.False(Fmp4Validator.TryValidatePart([], null, out _, out _));
    }

    [Fact]
    public async Task ShortMdat_IsSizePastEnd()
    {
        var (_, first, _) = await TestMedia.SplitAsync();
        var moof = FragmentParserTests.Moof(first);
        var shortMdat = InitSegmentParserTests.Box("mdat", new byte[10]);
        Assert.False(Fmp4Validator.TryValidatePart([.. moof, .. shortMdat], null, out _, out var problem));
        Assert.Equal(Fmp4Error.SizePastEnd, problem.Error);
    }

    [Fact]
    public async Task EveryPrefixOfAPart_IsRejectedWithoutThrowing()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        for (var length = 0; length < first.Length; length++)
        {
            Assert.False(Fmp4Validator.TryValidatePart(first.AsSpan(0, length), info, out _, out var problem));
            Assert.NotEqual(Fmp4Error.None, problem.Error);
        }
    }

    [Fact]
    public async Task EveryPrefixOfAnInit_IsRejectedWithoutThrowing()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        for (var length = 0; length < init.Length; length++)
        {
            Assert.False(Fmp4Validator.TryValidateInit(init.AsSpan(0, length), out _, out _));
        }
    }

    [Fact]
    public async Task NoPlayableTrack_IsUnsupportedCodec()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        var mutated = (byte[])init.Clone();
        ReplaceAll(mutated, "avc1"u8, "hvc1"u8);
        ReplaceAll(mutated, "mp4a"u8, "Opus"u8);
        Assert.False(Fmp4Validator.TryValidateInit(mutated, out _, out var problem));
        Assert.Equal(Fmp4Error.UnsupportedCodec, problem.Error);
    }

    [Fact]
    public async Task RandomAndMutatedParts_NeverThrow()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        var head = first[..Math.Min(first.Length, 2048)];
        var random = new Random(99);
        var copy = new byte[head.Length];
        for (var round = 0; round < 10_000; round++)
        {
            if (round % 2 == 0)
            {
                random.NextBytes(copy);
            }
            else
            {
                head.CopyTo(copy, 0);
                for (var f = 1 + random.Next(4); f > 0; f--)
                {
                    copy[random.Next(Math.Min(copy.Length, 600))] = (byte)random.Next(256);
                }
            }

            var len = random.Next(copy.Length + 1);
            Fmp4Validator.TryValidatePart(copy.AsSpan(0, len), round % 3 == 0 ? null : info, out _, out _);
            Fmp4Validator.TryValidateInit(copy.AsSpan(0, len), out _, out _);
        }
    }

    private static void ReplaceAll(byte[] data, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        for (var i = data.AsSpan().IndexOf(from); i >= 0; i = data.AsSpan().IndexOf(from))
        {
            to.CopyTo(data.AsSpan(i));
        }
    }
}
