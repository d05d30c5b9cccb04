using System.Text.RegularExpressions;
using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Tests.Fmp4;

public partial class InitSegmentParserTests
{
    [Fact]
    public async Task RealInit_HasH264AndAacTracks()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        var info = InitSegmentParser.Parse(init);

        Assert.Equal(2, info.Tracks.Count);
        var video = Assert.IsType<TrackInfo>(info.Video);
        var audio = Assert.IsType<TrackInfo>(info.Audio);
        Assert.Matches(AvcCodec(), video.Codec);
        Assert.Equal("mp4a.40.2", audio.Codec);
        Assert.Equal(160, info.Width);
        Assert.Equal(90, info.Height);
        Assert.Equal(48_000u, audio.Timescale);
        Assert.Equal(48_000, audio.SampleRate);
        Assert.Equal(2, audio.ChannelCount);
        Assert.True(video.Timescale > 0);
        Assert.NotEqual(video.TrackId, audio.TrackId);
        Assert.Equal($"{video.Codec},mp4a.40.2", info.Codecs);
    }

    [Fact]
    public async Task RealInit_CodecStringMatchesFfprobe()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var path = Path.Combine(Path.GetTempPath(), $"init-{Guid.NewGuid():N}.mp4");

        // ffprobe reports profile and level only once it has seen a frame.
        await File.WriteAllBytesAsync(path, [.. init, .. first]);
        try
        {
            var probe = await TestMedia.RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=profile,level", "-of", "default=nw=1", path);
            var info = InitSegmentParser.Parse(init);
            var level = int.Parse(LevelLine().Match(probe).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.EndsWith(level.ToString("x2", System.Globalization.CultureInfo.InvariantCulture), info.Video!.Codec, StringComparison.Ordinal);
            Assert.Contains("High", probe, StringComparison.Ordinal);
            Assert.StartsWith("avc1.64", info.Video.Codec, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task EveryPrefix_IsATypedError()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        for (var length = 0; length < init.Length; length++)
        {
            var ex = Assert.Throws<Fmp4FormatException>(() => InitSegmentParser.Parse(init.AsSpan(0, length)));
            Assert.NotEqual(Fmp4Error.None, ex.Error);
        }
    }

    [Fact]
    public async Task MutatedBytes_OnlyEverThrowTheParsersError()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        var random = new Random(42);
        var copy = new byte[init.Length];
        for (var round = 0; round < 20_000; round++)
        {
            init.CopyTo(copy, 0);
            var flips = 1 + random.Next(4);
            for (var f = 0; f < flips; f++)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            try
            {
                InitSegmentParser.Parse(copy);
            }
            catch (Fmp4FormatException)
            {
            }
        }
    }

    [Fact]
    public async Task MoovWithoutFtyp_IsMissingBox()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        var ftypSize = TestMedia.Boxes(init)[0].Size;
        var ex = Assert.Throws<Fmp4FormatException>(() => InitSegmentParser.Parse(init.AsSpan((int)ftypSize)));
        Assert.Equal(Fmp4Error.MissingBox, ex.Error);
    }

    [Fact]
    public async Task DeepNesting_IsRejected()
    {
        var (init, _, _) = await TestMedia.SplitAsync();
        var ftyp = init[..(int)TestMedia.Boxes(init)[0].Size];
        var inner = Box("free", []);
        for (var i = 0; i < 40; i++)
        {
            inner = Box("trak", inner);
        }

        byte[] data = [.. ftyp, .. Box("moov", inner)];
        var ex = Assert.Throws<Fmp4FormatException>(() => InitSegmentParser.Parse(data));
        Assert.Equal(Fmp4Error.NestingTooDeep, ex.Error);
    }

    internal static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        payload.CopyTo(box, 8);
        return box;
    }

    [GeneratedRegex("^avc1\\.64[0-9a-f]{4}$")]
    private static partial Regex AvcCodec();

    [GeneratedRegex("level=(\\d+)")]
    private static partial Regex LevelLine();
}
