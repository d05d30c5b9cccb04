using StreamSwarm.Media.Audio;

namespace StreamSwarm.Media.Tests.Audio;

/// <summary>The hand-over from a live capture to the mixer: never short, silence when empty, bounded delay.</summary>
public sealed class CaptureSampleBufferTests
{
    [Fact]
    public void Read_WhileLessThanThePrebufferIsHeld_IsFullLengthSilence()
    {
        var buffer = new CaptureSampleBuffer();
        buffer.Write(Ramp(0, CaptureSampleBuffer.PrebufferSamples - 2));
        var read = new float[480];
        Array.Fill(read, 9f);

        Assert.Equal(read.Length, buffer.Read(read));

        Assert.All(read, s => Assert.Equal(0f, s));
        Assert.Equal(CaptureSampleBuffer.PrebufferSamples - 2, buffer.Count);
        Assert.Equal(0, buffer.Underruns);
    }

    [Fact]
    public void SamplesComeOutInOrder_AcrossTheRingsEnd()
    {
        var buffer = new CaptureSampleBuffer();
        var next = 0f;
        var expected = 0f;
        var read = new float[7_000];
        // Enough rounds to wrap the ring several times; each write is followed by a read of the same size.
        buffer.Write(Ramp(next, CaptureSampleBuffer.PrebufferSamples));
        next += CaptureSampleBuffer.PrebufferSamples;
        for (var round = 0; round < 50; round++)
        {
            buffer.Write(Ramp(next, read.Length));
            next += read.Length;
            buffer.Read(read);
            foreach (var sample in read)
            {
                Assert.Equal(expected++, sample);
            }
        }

        Assert.Equal(0, buffer.Underruns);
        Assert.Equal(0, buffer.DroppedSamples);
    }

    [Fact]
    public void Underrun_PadsWithSilence_CountsOnce_AndWaitsForThePrebufferAgain()
    {
        var buffer = new CaptureSampleBuffer();
        buffer.Write(Ramp(1, CaptureSampleBuffer.PrebufferSamples));
        var read = new float[CaptureSampleBuffer.PrebufferSamples + 100];

        buffer.Read(read);

        Assert.Equal(1f, read[0]);
        Assert.Equal(CaptureSampleBuffer.PrebufferSamples, read[CaptureSampleBuffer.PrebufferSamples - 1]);
        Assert.All(read[CaptureSampleBuffer.PrebufferSamples..], s => Assert.Equal(0f, s));
        Assert.Equal(1, buffer.Underruns);

        buffer.Write(Ramp(1, 1_000));
        buffer.Read(read);
        Assert.All(read, s => Assert.Equal(0f, s));
        Assert.Equal(1, buffer.Underruns);
        Assert.Equal(1_000, buffer.Count);
    }

    [Fact]
    public void ReaderFallingBehind_DropsTheOldest_BackToThePrebufferLevel()
    {
        var buffer = new CaptureSampleBuffer();
        buffer.Write(Ramp(0, CaptureSampleBuffer.MaxSamples));
        Assert.Equal(0, buffer.DroppedSamples);

        buffer.Write(Ramp(CaptureSampleBuffer.MaxSamples, 1_000));

        Assert.Equal(CaptureSampleBuffer.PrebufferSamples, buffer.Count);
        Assert.Equal(CaptureSampleBuffer.MaxSamples + 1_000 - CaptureSampleBuffer.PrebufferSamples, buffer.DroppedSamples);
        var read = new float[CaptureSampleBuffer.PrebufferSamples];
        buffer.Read(read);
        // The newest samples stay, in order.
        Assert.Equal(CaptureSampleBuffer.MaxSamples + 1_000 - 1, read[^1]);
        Assert.Equal(CaptureSampleBuffer.MaxSamples + 1_000 - CaptureSampleBuffer.PrebufferSamples, read[0]);
    }

    [Fact]
    public void WriteLargerThanTheBuffer_KeepsItsNewestPart()
    {
        var buffer = new CaptureSampleBuffer();

        buffer.Write(Ramp(0, CaptureSampleBuffer.MaxSamples + 10));

        Assert.Equal(CaptureSampleBuffer.MaxSamples, buffer.Count);
        Assert.Equal(10, buffer.DroppedSamples);
        var read = new float[CaptureSampleBuffer.MaxSamples];
        buffer.Read(read);
        Assert.Equal(10f, read[0]);
    }

    [Fact]
    public void Clear_ForgetsWhatIsHeld()
    {
        var buffer = new CaptureSampleBuffer();
        buffer.Write(Ramp(1, CaptureSampleBuffer.PrebufferSamples * 2));

        buffer.Clear();

        var read = new float[100];
        buffer.Read(read);
        Assert.All(read, s => Assert.Equal(0f, s));
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void InAMixer_AnEmptyCaptureNeverEndsTheInput()
    {
        var samples = new CaptureSampleBuffer();
        using var mixer = new AudioMixer([AudioMixerInput.Capture(samples, new NothingToDispose(), "test capture")]);
        var read = new float[4_800];

        mixer.Read(read, 0, read.Length);
        samples.Write(Enumerable.Repeat(0.5f, CaptureSampleBuffer.PrebufferSamples).ToArray());
        mixer.Read(read, 0, read.Length);

        Assert.False(mixer.Inputs[0].Ended);
        Assert.InRange(mixer.Inputs[0].Meter.Take().Peak, 0.49f, 0.51f);
    }

    private static float[] Ramp(float from, int count)
    {
        var samples = new float[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = from + i;
        }

        return samples;
    }

    private sealed class NothingToDispose : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
