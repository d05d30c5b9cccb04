using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Tests.Fmp4;

public class FragmentParserTests
{
    [Fact]
    public async Task FirstRealFragment_StartsWithKeyframeAndLastsHalfASecond()
    {
        var (init, first, second) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        var video = info.Video!;
        var audio = info.Audio!;

        var f1 = FragmentParser.Parse(Moof(first), info);
        Assert.True(f1.TryGetTrack(video.TrackId, out var v1));
        Assert.True(f1.TryGetTrack(audio.TrackId, out var a1));
        Assert.Equal(0, v1.BaseMediaDecodeTime);
        Assert.Equal(15, v1.SampleCount);
        Assert.Equal(video.Timescale / 2, (uint)v1.DurationTicks);
        Assert.True(v1.StartsWithSyncSample);
        Assert.True(a1.SampleCount is >= 22 and <= 25, $"{a1.SampleCount} AAC frames");
        Assert.True(a1.StartsWithSyncSample);
        Assert.True(v1.SampleBytes + a1.SampleBytes <= first.Length - Moof(first).Length);

        var f2 = FragmentParser.Parse(Moof(second), info);
        Assert.True(f2.TryGetTrack(video.TrackId, out var v2));
        Assert.Equal(v1.DurationTicks, v2.BaseMediaDecodeTime);
        Assert.False(v2.StartsWithSyncSample);
        Assert.Equal(f1.SequenceNumber + 1, f2.SequenceNumber);
    }

    [Fact]
    public async Task WithoutInit_ParsesFromTfhdDefaults()
    {
        var (_, first, _) = await TestMedia.SplitAsync();
        var f = FragmentParser.Parse(Moof(first), null);
        Assert.Equal(2, f.Tracks.Count);
        Assert.True(f.Tracks[0].DurationTicks > 0);
    }

    [Fact]
    public async Task TrackUnknownToInit_IsInvalid()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        var onlyOneTrack = new InitSegmentInfo([info.Tracks[0]]);
        var ex = Assert.Throws<Fmp4FormatException>(() => FragmentParser.Parse(Moof(first), onlyOneTrack));
        Assert.Equal(Fmp4Error.InvalidValue, ex.Error);
    }

    [Fact]
    public async Task EveryPrefix_IsATypedError()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        var moof = Moof(first);
        for (var length = 0; length < moof.Length; length++)
        {
            Assert.Throws<Fmp4FormatException>(() => FragmentParser.Parse(moof.AsSpan(0, length), info));
        }
    }

    [Fact]
    public async Task MutatedBytes_OnlyEverThrowTheParsersError()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);
        var moof = Moof(first);
        var random = new Random(7);
        var copy = new byte[moof.Length];
        for (var round = 0; round < 20_000; round++)
        {
            moof.CopyTo(copy, 0);
            for (var f = 1 + random.Next(4); f > 0; f--)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            try
            {
                FragmentParser.Parse(copy, random.Next(2) == 0 ? info : null);
            }
            catch (Fmp4FormatException)
            {
            }
        }
    }

    [Fact]
    public void AbsurdSampleCount_IsCountTooLarge()
    {
        // moof > mfhd, traf > tfhd(track 1), tfdt v1, trun(count 0x7FFFFFFF, per-sample durations, no bytes for them)
        byte[] mfhd = InitSegmentParserTests.Box("mfhd", [0, 0, 0, 0, 0, 0, 0, 1]);
        byte[] tfhd = InitSegmentParserTests.Box("tfhd", [0, 2, 0, 0, 0, 0, 0, 1]);
        byte[] tfdt = InitSegmentParserTests.Box("tfdt", [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        byte[] trun = InitSegmentParserTests.Box("trun", [0, 0, 1, 0, 0x7F, 0xFF, 0xFF, 0xFF]);
        var moof = InitSegmentParserTests.Box("moof", [.. mfhd, .. InitSegmentParserTests.Box("traf", [.. tfhd, .. tfdt, .. trun])]);
        var ex = Assert.Throws<Fmp4FormatException>(() => FragmentParser.Parse(moof, null));
        Assert.Equal(Fmp4Error.CountTooLarge, ex.Error);
    }

    [Fact]
    public void Tfdt32Bit_AndPerSampleFlags_AreRead()
    {
        // tfdt v0 = 900; trun with per-sample duration + flags; first sample non-sync, second sync.
        byte[] mfhd = InitSegmentParserTests.Box("mfhd", [0, 0, 0, 0, 0, 0, 0, 9]);
        byte[] tfhd = InitSegmentParserTests.Box("tfhd", [0, 0, 0, 0, 0, 0, 0, 1]);
        byte[] tfdt = InitSegmentParserTests.Box("tfdt", [0, 0, 0, 0, 0, 0, 0x03, 0x84]);
        byte[] trun = InitSegmentParserTests.Box("trun", [
            0, 0, 0x05, 0x00, 0, 0, 0, 2,
            0, 0, 0, 100, 0, 1, 0, 0,
            0, 0, 0, 50, 0, 0, 0, 0,
        ]);
        var moof = InitSegmentParserTests.Box("moof", [.. mfhd, .. InitSegmentParserTests.Box("traf", [.. tfhd, .. tfdt, .. trun])]);
        var f = FragmentParser.Parse(moof, null);
        Assert.Equal(9u, f.SequenceNumber);
        var t = Assert.Single(f.Tracks);
        Assert.Equal(900, t.BaseMediaDecodeTime);
        Assert.Equal(150, t.DurationTicks);
        Assert.Equal(2, t.SampleCount);
        Assert.False(t.StartsWithSyncSample);
    }

    internal static byte[] Moof(byte[] part) => part[..(int)TestMedia.Boxes(part)[0].Size];
}
