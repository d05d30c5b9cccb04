using System.Buffers;
using System.IO.Pipelines;
using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Tests.Fmp4;

public class Fmp4BoxReaderTests
{
    [Fact]
    public async Task RealEncode_IsFtypMoovThenMoofMdatPairs()
    {
        var boxes = TestMedia.Boxes(await TestMedia.SmallStreamAsync());
        Assert.Equal(FourCC.Ftyp, boxes[0].Type);
        Assert.Equal(FourCC.Moov, boxes[1].Type);
        Assert.True(boxes.Count >= 8, $"only {boxes.Count} boxes");
        Assert.Equal(0, boxes.Count % 2);
        for (var i = 2; i < boxes.Count; i += 2)
        {
            Assert.Equal(FourCC.Moof, boxes[i].Type);
            Assert.Equal(FourCC.Mdat, boxes[i + 1].Type);
        }
    }

    [Fact]
    public async Task SplitAtEveryOffset_GivesTheSameBoxes()
    {
        var (init, first, _) = await TestMedia.SplitAsync();
        byte[] data = [.. init, .. first];
        var expected = ReadAll(new ReadOnlySequence<byte>(data));
        Assert.Equal(4, expected.Count);
        for (var cut = 1; cut < data.Length; cut++)
        {
            var actual = ReadAll(TestMedia.Split(data, cut));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task OneByteAtATime_ThroughAPipe_GivesTheSameBoxes()
    {
        var (init, first, second) = await TestMedia.SplitAsync();
        byte[] data = [.. init, .. first, .. second];
        var expected = ReadAll(new ReadOnlySequence<byte>(data));

        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var actual = new List<(uint, long, long)>();
        long position = 0;
        for (var i = 0; i < data.Length; i++)
        {
            await pipe.Writer.WriteAsync(data.AsMemory(i, 1));
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            while (Fmp4BoxReader.TryReadBox(ref buffer, Fmp4BoxReader.DefaultMaxBoxSize, out var header, out var box))
            {
                actual.Add((header.Type, header.Size, position));
                position += box.Length;
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void BoxOverLimit_ThrowsTypedError()
    {
        var seq = new ReadOnlySequence<byte>(Convert.FromHexString("7FFFFFFF6D646174"));
        var ex = Assert.Throws<Fmp4FormatException>(() => Fmp4BoxReader.TryReadBox(ref seq, 1024, out _, out _));
        Assert.Equal(Fmp4Error.BoxTooLarge, ex.Error);
    }

    [Fact]
    public void SizeZero_ThrowsTypedError()
    {
        var seq = new ReadOnlySequence<byte>(Convert.FromHexString("000000006D646174"));
        var ex = Assert.Throws<Fmp4FormatException>(() => Fmp4BoxReader.TryReadBox(ref seq, 1024, out _, out _));
        Assert.Equal(Fmp4Error.SizeToEnd, ex.Error);
    }

    [Fact]
    public void IncompleteBox_LeavesBufferUntouched()
    {
        var seq = new ReadOnlySequence<byte>(Convert.FromHexString("000000106D64617400"));
        Assert.False(Fmp4BoxReader.TryReadBox(ref seq, 1024, out _, out _));
        Assert.Equal(9, seq.Length);
    }

    [Fact]
    public void RandomBytes_OnlyEverThrowTheReadersError()
    {
        var random = new Random(20261125);
        var buffer = new byte[256];
        for (var round = 0; round < 20_000; round++)
        {
            random.NextBytes(buffer);
            var len = random.Next(buffer.Length);
            var seq = TestMedia.Split(buffer[..len], len / 2);
            try
            {
                while (Fmp4BoxReader.TryReadBox(ref seq, 1 << 20, out _, out _))
                {
                }
            }
            catch (Fmp4FormatException)
            {
            }
        }
    }

    private static List<(uint Type, long Size, long Position)> ReadAll(ReadOnlySequence<byte> data)
    {
        var list = new List<(uint, long, long)>();
        var buffer = data;
        while (Fmp4BoxReader.TryReadBox(ref buffer, Fmp4BoxReader.DefaultMaxBoxSize, out var header, out _))
        {
            list.Add((header.Type, header.Size, data.Length - buffer.Length - header.Size));
        }

        Assert.Equal(0, buffer.Length);
        return list;
    }
}
