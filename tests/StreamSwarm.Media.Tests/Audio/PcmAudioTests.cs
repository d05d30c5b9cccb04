using System.Buffers.Binary;
using System.Diagnostics;
using StreamSwarm.Media.Audio;
using StreamSwarm.Media.Ffmpeg;
using StreamSwarm.Media.Segmenting;

namespace StreamSwarm.Media.Tests.Audio;

public class PcmAudioTests
{
    [Fact]
    public async Task Tone_OneAndAHalfSeconds_Is288000Bytes_OfA440HzSine()
    {
        using var tone = PcmAudioSource.Tone(440, 0.5);
        using var sink = new MemoryStream();
        var written = await new PcmAudioPump(tone, new PcmAudioPumpOptions { Realtime = false, Duration = TimeSpan.FromSeconds(1.5) }).RunAsync(sink);
        Assert.Equal(288_000, written);
        Assert.Equal(288_000, sink.Length);

        // Left channel: 440 Hz over 1.5 s crosses zero upwards 660 times; peak near 0.5 full scale.
        var pcm = sink.ToArray();
        var crossings = 0;
        short peak = 0;
        short previous = 0;
        for (var i = 0; i < pcm.Length; i += PcmFormat.BytesPerFrame)
        {
            var left = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i));
            var right = BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i + 2));
            Assert.Equal(left, right);
            if (previous < 0 && left >= 0)
            {
                crossings++;
            }

            peak = Math.Max(peak, left);
            previous = left;
        }

        Assert.InRange(crossings, 658, 661);
        Assert.InRange(peak, 16_000, 16_500);
    }

    [Fact]
    public async Task WavFile_PlaysToItsEnd_AndLoopsOnRequest()
    {
        var wav = Path.Combine(await TestMedia.SamplesAsync(), "tone.wav");
        using (var once = PcmAudioSource.WavFile(wav))
        {
            var written = await new PcmAudioPump(once, new PcmAudioPumpOptions { Realtime = false }).RunAsync(Stream.Null);
            Assert.Equal(5 * PcmFormat.BytesPerSecond, written);
        }

        using var looped = PcmAudioSource.WavFile(wav, loop: true);
        var loopedBytes = await new PcmAudioPump(looped, new PcmAudioPumpOptions { Realtime = false, Duration = TimeSpan.FromSeconds(12) }).RunAsync(Stream.Null);
        Assert.Equal(12 * PcmFormat.BytesPerSecond, loopedBytes);
    }

    [Fact]
    public async Task MonoWav44100_IsResampledToStereo48k()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mono-{Guid.NewGuid():N}.wav");
        try
        {
            await TestMedia.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "2", "-ac", "1", "-c:a", "pcm_s16le", "-y", path);
            using var source = PcmAudioSource.WavFile(path);
            Assert.Equal(PcmFormat.WaveFormat, source.WaveFormat);
            var written = await new PcmAudioPump(source, new PcmAudioPumpOptions { Realtime = false }).RunAsync(Stream.Null);
            Assert.InRange(written, 2 * PcmFormat.BytesPerSecond - 4096, 2 * PcmFormat.BytesPerSecond + 4096);
            Assert.Equal(0, written % PcmFormat.BytesPerFrame);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Mp3File_DecodesAboutItsDuration()
    {
        var mp3 = Path.Combine(await TestMedia.SamplesAsync(), "tone.mp3");
        Assert.True(File.Exists(mp3), "make-samples.sh writes tone.mp3 when ffmpeg has an MP3 encoder, as Debian's does");
        using var source = PcmAudioSource.Mp3File(mp3);
        var written = await new PcmAudioPump(source, new PcmAudioPumpOptions { Realtime = false }).RunAsync(Stream.Null);

        // MP3 frames are 1152 samples and encoders pad start and end: allow two frames either way.
        Assert.InRange(written, 5 * PcmFormat.BytesPerSecond - (2 * 1152 * 4), 5 * PcmFormat.BytesPerSecond + (3 * 1152 * 4));
    }

    [Fact]
    public void NotAWav_IsInvalidData()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, new byte[100]);
        try
        {
            Assert.Throws<InvalidDataException>(() => PcmAudioSource.WavFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Realtime_PacesAtTheWallClock()
    {
        using var tone = PcmAudioSource.Tone();
        var watch = Stopwatch.StartNew();
        var written = await new PcmAudioPump(tone, new PcmAudioPumpOptions { Duration = TimeSpan.FromSeconds(0.6), Lead = TimeSpan.FromMilliseconds(50) }).RunAsync(Stream.Null);
        Assert.Equal(PcmFormat.BytesFor(TimeSpan.FromSeconds(0.6)), written);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 2.0);
    }

    [Fact]
    public async Task Cancellation_StopsAnEndlessPumpPromptly()
    {
        using var tone = PcmAudioSource.Tone();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PcmAudioPump(tone).RunAsync(Stream.Null, cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task PcmIntoFfmpeg_ProducesAnAacTrack()
    {
        var settings = new LiveEncodeSettings
        {
            Width = 160,
            Height = 90,
            Audio = LiveAudio.Pcm,
            Realtime = false,
            BurnInClock = false,
            Duration = TimeSpan.FromSeconds(3),
        };
        await using var ffmpeg = new FfmpegProcess(LiveEncodeArguments.Build(settings), new FfmpegProcessOptions { StdinIsMediaInput = true });
        ffmpeg.Start();
        using var tone = PcmAudioSource.Tone(1000);
        var pump = Task.Run(async () =>
        {
            var n = await new PcmAudioPump(tone, new PcmAudioPumpOptions { Realtime = false }).RunAsync(ffmpeg.Input!);
            await ffmpeg.Input!.DisposeAsync();
            return n;
        });

        var path = Path.Combine(Path.GetTempPath(), $"pcm-{Guid.NewGuid():N}.mp4");
        try
        {
            await using (var file = File.Create(path))
            {
                await foreach (var item in new Segmenter(new SegmenterOptions()).ReadAsync(ffmpeg.Output))
                {
                    if (item is InitSegment init)
                    {
                        Assert.Contains("mp4a.40.2", init.Info.Codecs, StringComparison.Ordinal);
                        await file.WriteAsync(init.Bytes);
                    }
                    else if (item is MediaPart part)
                    {
                        await file.WriteAsync(part.Bytes);
                        part.Dispose();
                    }
                }
            }

            await ffmpeg.WaitForExitAsync();
            Assert.True(await pump >= 3 * PcmFormat.BytesPerSecond);
            var probe = await TestMedia.RunAsync("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,sample_rate,channels", "-of", "compact", path);
            Assert.Contains("codec_type=audio", probe, StringComparison.Ordinal);
            Assert.Contains("codec_name=aac", probe, StringComparison.Ordinal);
            Assert.Contains("sample_rate=48000", probe, StringComparison.Ordinal);
            Assert.Contains("channels=2", probe, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
