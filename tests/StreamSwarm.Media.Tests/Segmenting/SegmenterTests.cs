using System.IO.Pipelines;
using System.Security.Cryptography;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Media.Segmenting;

namespace StreamSwarm.Media.Tests.Segmenting;

public class SegmenterTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 25, 8, 0, 0, 250, TimeSpan.Zero);

    [Theory]
    [InlineData(30)]
    [InlineData(25)]
    public async Task LiveEncode_SegmentsStartAtKeyframes_PartsAreHalfSeconds_HashesAndPdtHold(int fps)
    {
        var settings = new LiveEncodeSettings
        {
            Width = 320,
            Height = 180,
            FrameRate = fps,
            VideoBitrateKbps = 300,
            Realtime = false,
            CaptureEpoch = Epoch,
            Duration = TimeSpan.FromSeconds(7),
        };
        var outputs = await SegmentLiveEncodeAsync(settings, new SegmenterOptions { CaptureEpoch = Epoch });
        try
        {
            var init = Assert.IsType<InitSegment>(outputs[0]);
            Assert.Equal(SHA256.HashData(init.Bytes.Span), init.Hash.Bytes.ToArray());
            Assert.True(Fmp4Validator.TryValidateInit(init.Bytes.Span, out _, out _));

            var parts = outputs.OfType<MediaPart>().ToList();
            var segments = outputs.OfType<CompletedSegment>().ToList();
            Assert.InRange(segments.Count, 3, 4);
            Assert.Equal(parts.Count, segments.Sum(s => s.PartCount));

            var frame = 1.0 / fps;
            DateTimeOffset? lastPdt = null;
            foreach (var part in parts)
            {
                Assert.Equal(SHA256.HashData(part.Bytes.Span), part.Info.Hash.Bytes.ToArray());
                Assert.True(Fmp4Validator.TryValidatePart(part.Bytes.Span, init.Info, out _, out var problem), problem?.Message);
                Assert.Equal(part.Info.PartIndex == 0, part.Info.Independent);
                Assert.True(lastPdt is null || part.Info.ProgramDateTime > lastPdt, "PDT is strictly increasing");
                lastPdt = part.Info.ProgramDateTime;
                var expectedPdt = Epoch + TimeSpan.FromTicks(part.DecodeTime * TimeSpan.TicksPerSecond / part.Timescale);
                Assert.Equal(expectedPdt, part.Info.ProgramDateTime);
            }

            var gop = 2.0;
            var position = 0;
            for (var s = 0; s < segments.Count; s++)
            {
                var segment = segments[s];
                Assert.Equal(s, segment.MediaSequence);
                var own = parts.GetRange(position, segment.PartCount);
                position += segment.PartCount;
                Assert.All(own, p => Assert.Equal(segment.MediaSequence, p.Info.MediaSequence));
                Assert.True(own[0].Info.Independent);
                Assert.Equal(own[0].Info.ProgramDateTime, segment.ProgramDateTime);
                Assert.Equal(SHA256.HashData(own.SelectMany(p => p.Bytes.ToArray()).ToArray()), segment.Hash.Bytes.ToArray());
                Assert.Equal(own.Sum(p => p.Info.DurationSeconds), segment.DurationSeconds, 6);

                // Parts are ~0.5 s (ffmpeg cuts at the first frame reaching frag_duration); the last part of a
                // segment ends at the keyframe and may be shorter (25 fps: 13+13+13+11 frames).
                for (var i = 0; i < own.Count; i++)
                {
                    var low = i == own.Count - 1 ? frame : 0.5 - frame - 1e-9;
                    Assert.InRange(own[i].Info.DurationSeconds, low, 0.5 + frame + 1e-9);
                }
                if (s < segments.Count - 1)
                {
                    Assert.InRange(segment.DurationSeconds, 2.0 - gop, 2.0 + gop);
                    Assert.InRange(segment.DurationSeconds, 2.0 - frame, 2.0 + frame);
                }
            }
        }
        finally
        {
            foreach (var part in outputs.OfType<MediaPart>())
            {
                part.Dispose();
            }
        }
    }

    [Fact]
    public async Task WholeSplitAndByteByByte_YieldTheSameParts()
    {
        var stream = await TestMedia.SmallStreamAsync();
        var whole = await SegmentBytesAsync(stream, stream.Length);
        var chunks = await SegmentBytesAsync(stream, 1000);
        var single = await SegmentBytesAsync(stream, 1);
        Assert.Equal(whole, chunks);
        Assert.Equal(whole, single);
        Assert.Contains(whole, s => s.StartsWith("segment 1 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TruncatedTail_ClosesTheOpenSegment()
    {
        var stream = await TestMedia.SmallStreamAsync();
        var list = await SegmentBytesAsync(stream[..^100], stream.Length);
        Assert.StartsWith("segment ", list[^1], StringComparison.Ordinal);
        Assert.Equal(list.Count(s => s.StartsWith("part ", StringComparison.Ordinal)) + 1, (await SegmentBytesAsync(stream, stream.Length)).Count(s => s.StartsWith("part ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Garbage_ThrowsFormatError()
    {
        var garbage = Tests.Fmp4.InitSegmentParserTests.Box("moof", new byte[64]);
        await Assert.ThrowsAsync<Fmp4FormatException>(() => SegmentBytesAsync(garbage, garbage.Length));
    }

    [Fact]
    public async Task DisposedPart_RefusesItsBytes()
    {
        var stream = await TestMedia.SmallStreamAsync();
        var reader = PipeReader.Create(new MemoryStream(stream));
        await foreach (var item in new Segmenter(new SegmenterOptions()).ReadAsync(reader))
        {
            if (item is MediaPart part)
            {
                Assert.NotEqual(0, part.Bytes.Length);
                part.Dispose();
                part.Dispose();
                Assert.Throws<ObjectDisposedException>(() => part.Bytes);
                break;
            }
        }
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Segmenter(new SegmenterOptions { TargetSegmentDuration = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Segmenter(new SegmenterOptions { PartTargetDuration = TimeSpan.FromSeconds(3) }));
    }

    internal static async Task<List<SegmenterOutput>> SegmentLiveEncodeAsync(LiveEncodeSettings settings, SegmenterOptions options)
    {
        await using var ffmpeg = new FfmpegProcess(LiveEncodeArguments.Build(settings));
        ffmpeg.Start();
        var list = new List<SegmenterOutput>();
        await foreach (var item in new Segmenter(options).ReadAsync(ffmpeg.Output))
        {
            list.Add(item);
        }

        await ffmpeg.WaitForExitAsync();
        return list;
    }

    private static async Task<List<string>> SegmentBytesAsync(byte[] data, int chunk)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < data.Length; i += chunk)
            {
                await pipe.Writer.WriteAsync(data.AsMemory(i, Math.Min(chunk, data.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });
        var list = new List<string>();
        await foreach (var item in new Segmenter(new SegmenterOptions()).ReadAsync(pipe.Reader))
        {
            switch (item)
            {
                case InitSegment init:
                    list.Add($"init {init.Hash}");
                    break;
                case MediaPart part:
                    list.Add($"part {part.Info.MediaSequence}.{part.Info.PartIndex} {part.Info.DurationSeconds} {part.Info.Independent} {part.Info.Hash}");
                    part.Dispose();
                    break;
                case CompletedSegment segment:
                    list.Add($"segment {segment.MediaSequence} {segment.PartCount} {segment.DurationSeconds} {segment.Hash}");
                    break;
            }
        }

        await writer;
        return list;
    }
}
