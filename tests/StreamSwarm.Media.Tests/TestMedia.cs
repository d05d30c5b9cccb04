using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Media.Tests;

/// <summary>
/// Real ffmpeg output shared by the tests, made once per test run: a 3 s live-style CMAF encode
/// (160x90 testsrc2 + 1 kHz tone, this project's own arguments, not realtime) kept in memory.
/// </summary>
internal static class TestMedia
{
    private static readonly Lazy<Task<byte[]>> SmallEncode = new(() => EncodeAsync(new LiveEncodeSettings
    {
        Width = 160,
        Height = 90,
        FrameRate = 30,
        VideoBitrateKbps = 100,
        AudioBitrateKbps = 32,
        Realtime = false,
        BurnInClock = false,
        Duration = TimeSpan.FromSeconds(3),
    }));

    private static readonly Lazy<Task<string>> SamplesDir = new(MakeSamplesAsync);

    /// <summary>ftyp moov (moof mdat)* of a 3 s encode.</summary>
    public static Task<byte[]> SmallStreamAsync() => SmallEncode.Value;

    /// <summary>Directory holding short.mp4, long.mp4, tone.wav (and tone.mp3), made by media-samples/make-samples.sh.</summary>
    public static Task<string> SamplesAsync() => SamplesDir.Value;

    public static async Task<(byte[] Init, byte[] FirstPart, byte[] SecondPart)> SplitAsync()
    {
        var stream = await SmallStreamAsync();
        var boxes = Boxes(stream);
        var offsets = new List<int>();
        var offset = 0;
        foreach (var b in boxes)
        {
            offsets.Add(offset);
            offset += (int)b.Size;
        }

        Assert.Equal(FourCC.Ftyp, boxes[0].Type);
        Assert.Equal(FourCC.Moov, boxes[1].Type);
        Assert.Equal(FourCC.Moof, boxes[2].Type);
        Assert.Equal(FourCC.Mdat, boxes[3].Type);
        var init = stream[..offsets[2]];
        var first = stream[offsets[2]..offsets[4]];
        var second = stream[offsets[4]..offsets[6]];
        return (init, first, second);
    }

    public static List<BoxHeader> Boxes(ReadOnlySpan<byte> data)
    {
        var list = new List<BoxHeader>();
        Fmp4BoxReader.ReadAll(data, list);
        return list;
    }

    public static async Task<byte[]> EncodeAsync(LiveEncodeSettings settings)
    {
        await using var ffmpeg = new FfmpegProcess(LiveEncodeArguments.Build(settings));
        ffmpeg.Start();
        var bytes = await ReadToEndAsync(ffmpeg.Output);
        await ffmpeg.WaitForExitAsync();
        return bytes;
    }

    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        using var ms = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                ms.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return ms.ToArray();
            }
        }
    }

    /// <summary>A sequence over <paramref name="data"/> cut into separate segments at the given offsets.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var start = new Segment(data.AsMemory(0, cuts.Length == 0 ? data.Length : cuts[0]), 0);
        var end = start;
        for (var i = 0; i < cuts.Length; i++)
        {
            var to = i + 1 < cuts.Length ? cuts[i + 1] : data.Length;
            end = end.Append(data.AsMemory(cuts[i], to - cuts[i]));
        }

        return new ReadOnlySequence<byte>(start, 0, end, end.Memory.Length);
    }

    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{file} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static async Task<string> MakeSamplesAsync()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "media-samples", "make-samples.sh")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        Assert.NotNull(dir);
        var script = Path.Combine(dir, "media-samples", "make-samples.sh");
        await RunAsync("bash", script);
        return Path.Combine(dir, "media-samples", "out");
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
