using System.IO.Pipelines;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Media.Segmenting;
using StreamSwarm.Media.Tests.Fmp4;

namespace StreamSwarm.Media.Tests.Segmenting;

public class SegmenterEdgeTests
{
    [Fact]
    public async Task StypIsKeptWithItsPart_AndSidxFreeMfraAreSkipped()
    {
        var (init, first, second) = await TestMedia.SplitAsync();
        var styp = InitSegmentParserTests.Box("styp", "msdh\0\0\0\0msdhmsix"u8.ToArray());
        var free = InitSegmentParserTests.Box("free", [1, 2, 3, 4]);
        var sidx = InitSegmentParserTests.Box("sidx", new byte[24]);
        var mfra = InitSegmentParserTests.Box("mfra", new byte[16]);
        byte[] stream = [.. init, .. free, .. styp, .. first, .. sidx, .. second, .. mfra];

        var items = await CollectAsync(stream);
        var parts = items.OfType<MediaPart>().ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal([.. styp, .. first], parts[0].Bytes.ToArray());
        Assert.Equal(second, parts[1].Bytes.ToArray());
        Assert.True(Fmp4Validator.TryValidatePart(parts[0].Bytes.Span, null, out _, out _));
        var segment = Assert.Single(items.OfType<CompletedSegment>());
        Assert.Equal(2, segment.PartCount);
        Assert.Equal(styp.Length + first.Length + second.Length, segment.ByteCount);
        parts.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task StreamStartingWithoutKeyframe_DropsPartsUntilOne()
    {
        var stream = await TestMedia.SmallStreamAsync();
        var boxes = TestMedia.Boxes(stream);
        var initLength = (int)(boxes[0].Size + boxes[1].Size);
        var firstPartLength = (int)(boxes[2].Size + boxes[3].Size);

        // Remove the first fragment (the keyframe): parts up to the next keyframe (2 s later) must go.
        byte[] cut = [.. stream.AsSpan(0, initLength), .. stream.AsSpan(initLength + firstPartLength)];
        var items = await CollectAsync(cut);
        var parts = items.OfType<MediaPart>().ToList();
        Assert.True(parts[0].Info.Independent);
        Assert.Equal(0, parts[0].Info.MediaSequence);
        Assert.InRange((double)parts[0].DecodeTime / parts[0].Timescale, 1.99, 2.01);
        parts.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task AudioOnly_EveryPartIsIndependent_AndSegmentsCloseOnDuration()
    {
        var bytes = await EncodeAudioOnlyAsync();
        var items = await CollectAsync(bytes);
        var init = Assert.IsType<InitSegment>(items[0]);
        Assert.Null(init.Info.Video);
        Assert.Equal("mp4a.40.2", init.Info.Codecs);
        var parts = items.OfType<MediaPart>().ToList();
        Assert.All(parts, p => Assert.True(p.Info.Independent));
        var segments = items.OfType<CompletedSegment>().ToList();
        Assert.True(segments.Count >= 2);
        Assert.InRange(segments[0].DurationSeconds, 1.98, 2.6);
        parts.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task SecondInitSegment_IsUnexpectedBox()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        var ex = await Assert.ThrowsAsync<Fmp4FormatException>(() => CollectAsync([.. init, .. first, .. init]));
        Assert.Equal(Fmp4Error.UnexpectedBox, ex.Error);
    }

    [Fact]
    public async Task FirstMediaSequence_IsHonoured()
    {
        var stream = await TestMedia.SmallStreamAsync();
        var items = await CollectAsync(stream, new SegmenterOptions { FirstMediaSequence = 41 });
        Assert.Equal(41, items.OfType<CompletedSegment>().First().MediaSequence);
        Assert.All(items.OfType<MediaPart>(), p => Assert.True(p.Info.MediaSequence >= 41));
    }

    private static async Task<byte[]> EncodeAudioOnlyAsync()
    {
        string[] args =
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "5",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "mp4", "-movflags", LiveEncodeArguments.MovFlags,
            "-frag_duration", "500000", "pipe:1",
        ];
        await using var ffmpeg = new FfmpegProcess(args);
        ffmpeg.Start();
        var bytes = await TestMedia.ReadToEndAsync(ffmpeg.Output);
        await ffmpeg.WaitForExitAsync();
        return bytes;
    }

    private static async Task<List<SegmenterOutput>> CollectAsync(byte[] data, SegmenterOptions? options = null)
    {
        var list = new List<SegmenterOutput>();
        var reader = PipeReader.Create(new MemoryStream(data));
        await foreach (var item in new Segmenter(options ?? new SegmenterOptions()).ReadAsync(reader))
        {
            list.Add(item);
        }

        return list;
    }
}
