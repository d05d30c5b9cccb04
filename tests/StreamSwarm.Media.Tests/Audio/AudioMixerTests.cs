using StreamSwarm.Media.Audio;

namespace StreamSwarm.Media.Tests.Audio;

/// <summary>The NAudio mixer: gain, mute, metering, resampling, clipping, and never running dry.</summary>
public sealed class AudioMixerTests
{
    /// <summary>One second of 48 kHz stereo.</summary>
    private const int Second = PcmFormat.SampleRate * PcmFormat.Channels;

    [Fact]
    public void ToneAtHalfGain_PeaksAtHalfOfMinus12Dbfs_RmsIsPeakOverRootTwo()
    {
        using var mixer = new AudioMixer([AudioMixerInput.Tone(440, gain: 0.5f)]);
        var buffer = new float[Second];

        Assert.Equal(buffer.Length, mixer.Read(buffer, 0, buffer.Length));

        var levels = mixer.Meter.Take();
        Assert.InRange(levels.Peak, 0.124f, 0.126f);
        Assert.InRange(levels.Rms, 0.125f / MathF.Sqrt(2) * 0.99f, 0.125f / MathF.Sqrt(2) * 1.01f);
        Assert.InRange(levels.PeakDb, -18.1, -18.0);
        Assert.Equal(levels, mixer.Inputs[0].Meter.Take());
    }

    [Fact]
    public void MutedInput_AddsSilence_OtherInputsStillPlay()
    {
        using var mixer = new AudioMixer([AudioMixerInput.Tone(440), AudioMixerInput.Tone(1000, gain: 0.5f)]);
        var buffer = new float[Second / 10];
        mixer.Inputs[0].Muted = true;

        mixer.Read(buffer, 0, buffer.Length);

        Assert.Equal(0f, mixer.Inputs[0].Meter.Take().Peak);
        Assert.InRange(mixer.Meter.Take().Peak, 0.124f, 0.126f);
    }

    [Fact]
    public void MutedMix_IsSilent_InputsKeepMetering_UnmuteRestores()
    {
        using var mixer = new AudioMixer([AudioMixerInput.Tone(440)]);
        var buffer = new float[Second / 10];

        Assert.True(mixer.ToggleMute());
        mixer.Read(buffer, 0, buffer.Length);
        Assert.All(buffer, s => Assert.Equal(0f, s));
        Assert.Equal(AudioLevels.Silence, mixer.Meter.Take());
        Assert.InRange(mixer.Inputs[0].Meter.Take().Peak, 0.24f, 0.26f);
        Assert.Equal(AudioLevels.FloorDb, AudioLevels.Silence.PeakDb);

        Assert.False(mixer.ToggleMute());
        mixer.Read(buffer, 0, buffer.Length);
        Assert.InRange(mixer.Meter.Take().Peak, 0.24f, 0.26f);
    }

    [Fact]
    public void LoudSum_IsClippedToFullScale()
    {
        using var mixer = new AudioMixer([AudioMixerInput.Tone(440, 4f), AudioMixerInput.Tone(440, 4f)]);
        var buffer = new float[Second / 10];

        mixer.Read(buffer, 0, buffer.Length);

        Assert.All(buffer, s => Assert.InRange(s, -1f, 1f));
        Assert.Equal(1f, mixer.Meter.Take().Peak);
    }

    [Fact]
    public async Task EndedFile_ReadsAsSilence_TheMixNeverEnds()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mixer-{Guid.NewGuid():N}.wav");
        try
        {
            // Half a second, mono, 44.1 kHz: resampled and widened on the way in.
            await TestMedia.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "0.5", "-ac", "1", "-c:a", "pcm_s16le", "-y", path);
            using var mixer = new AudioMixer([AudioMixerInput.WavFile(path)]);
            var buffer = new float[Second];

            Assert.Equal(buffer.Length, mixer.Read(buffer, 0, buffer.Length));
            Assert.True(mixer.Inputs[0].Ended);
            Assert.NotEqual(0f, buffer[Second / 4]);
            Assert.All(buffer.AsSpan(Second * 3 / 4).ToArray(), s => Assert.Equal(0f, s));

            Assert.Equal(buffer.Length, mixer.Read(buffer, 0, buffer.Length));
            Assert.All(buffer, s => Assert.Equal(0f, s));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task WavAndMp3_MixIntoPcmForFfmpeg()
    {
        var samples = await TestMedia.SamplesAsync();
        using var mixer = new AudioMixer([
            AudioMixerInput.WavFile(Path.Combine(samples, "tone.wav"), loop: true, gain: 0.5f),
            AudioMixerInput.Mp3File(Path.Combine(samples, "tone.mp3"), loop: true, gain: 0.5f),
        ]);
        using var pcm = mixer.ToPcm();

        var written = await new PcmAudioPump(pcm, new PcmAudioPumpOptions { Realtime = false, Duration = TimeSpan.FromSeconds(12) }).RunAsync(Stream.Null);

        Assert.Equal(12 * PcmFormat.BytesPerSecond, written);
        Assert.Equal(PcmFormat.WaveFormat, pcm.WaveFormat);
        Assert.Contains("wav tone.wav (loop) + mp3 tone.mp3 (loop)", pcm.Description, StringComparison.Ordinal);
        Assert.False(mixer.Inputs[0].Ended);
        // make-samples.sh writes its tones at ffmpeg's default 1/8 of full scale.
        Assert.True(mixer.Meter.Take().Peak > 0.03f);
    }

    [Fact]
    public void BadInputs_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new AudioMixer([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixerInput.Tone(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixerInput.Tone(440, gain: 5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioMixerInput.Tone(440).Gain = float.NaN);
        Assert.Throws<FileNotFoundException>(() => AudioMixerInput.Mp3File("/no/such/file.mp3"));
    }

    [Fact]
    public void NotAnMp3_IsInvalidData()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.mp3");
        File.WriteAllText(path, "this is not audio, just some text long enough to look like a file");
        try
        {
            var ex = Record.Exception(() => AudioMixerInput.Mp3File(path).Dispose());
            Assert.IsType<InvalidDataException>(ex);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Meter_WithNoNewAudio_KeepsItsLastReading()
    {
        var meter = new AudioMeter();
        meter.Measure([0.5f, -0.5f]);

        Assert.Equal(new AudioLevels(0.5f, 0.5f), meter.Take());
        Assert.Equal(new AudioLevels(0.5f, 0.5f), meter.Take());
    }
}
