using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace StreamSwarm.Media.Audio;

/// <summary>
/// An NAudio.Core chain ending in <see cref="PcmFormat"/> (48 kHz stereo s16le), ready for ffmpeg's stdin:
/// a tone (<see cref="SignalGenerator"/>), a WAV file (<see cref="WaveFileReader"/>) or an MP3 file (NLayer),
/// resampled with <see cref="WdlResamplingSampleProvider"/>, mono widened to stereo, converted to 16 bits.
/// </summary>
public sealed class PcmAudioSource : IDisposable
{
    private readonly IWaveProvider _provider;
    private readonly IDisposable? _owned;

    private PcmAudioSource(IWaveProvider provider, IDisposable? owned, string description)
    {
        _provider = provider;
        _owned = owned;
        Description = description;
    }

    /// <summary>What plays, for logs: "tone 440 Hz", "wav a.wav (loop)".</summary>
    public string Description { get; }

    /// <summary>Always <see cref="PcmFormat.WaveFormat"/>.</summary>
    public WaveFormat WaveFormat => _provider.WaveFormat;

    /// <summary>An endless sine tone.</summary>
    /// <param name="frequencyHz">Default 440 Hz.</param>
    /// <param name="gain">Linear amplitude 0..1. Default 0.25 (-12 dBFS).</param>
    public static PcmAudioSource Tone(double frequencyHz = 440, double gain = 0.25)
    {
        if (frequencyHz is <= 0 or > PcmFormat.SampleRate / 2.0 || double.IsNaN(frequencyHz))
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, "Frequency must be in (0, 24000] Hz.");
        }

        if (gain is < 0 or > 1 || double.IsNaN(gain))
        {
            throw new ArgumentOutOfRangeException(nameof(gain), gain, "Gain must be in [0, 1].");
        }

        var generator = new SignalGenerator(PcmFormat.SampleRate, PcmFormat.Channels)
        {
            Type = SignalGeneratorType.Sin,
            Frequency = frequencyHz,
            Gain = gain,
        };
        return new PcmAudioSource(new SampleToWaveProvider16(generator), null, FormattableString.Invariant($"tone {frequencyHz} Hz"));
    }

    /// <summary>A WAV file (PCM or IEEE float, 1 or 2 channels, any rate), optionally looped.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a WAV file this pipeline can play.</exception>
    public static PcmAudioSource WavFile(string path, bool loop = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        WaveStream reader;
        try
        {
            reader = new WaveFileReader(path);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"'{path}' is not a WAV file: {ex.Message}", ex);
        }

        try
        {
            if (reader.WaveFormat.Channels is < 1 or > 2)
            {
                throw new InvalidDataException($"'{path}' has {reader.WaveFormat.Channels} channels; 1 or 2 are supported.");
            }

            if (loop)
            {
                reader = new LoopingWaveStream(reader);
            }

            var samples = reader.ToSampleProvider();
            return new PcmAudioSource(ToPcm(samples), reader, $"wav {Path.GetFileName(path)}{(loop ? " (loop)" : string.Empty)}");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or FormatException)
        {
            reader.Dispose();
            throw ex as InvalidDataException ?? new InvalidDataException($"'{path}' cannot be played: {ex.Message}", ex);
        }
    }

    /// <summary>An MP3 file decoded by NLayer, optionally looped.</summary>
    public static PcmAudioSource Mp3File(string path, bool loop = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var mp3 = new Mp3SampleProvider(path, loop);
        return new PcmAudioSource(ToPcm(mp3), mp3, $"mp3 {Path.GetFileName(path)}{(loop ? " (loop)" : string.Empty)}");
    }

    /// <summary>The output of <paramref name="mixer"/> as s16le. The mixer stays its owner's: disposing this source leaves it
    /// running, so an ffmpeg restart can take a new source from the same mixer.</summary>
    public static PcmAudioSource FromMixer(AudioMixer mixer)
    {
        ArgumentNullException.ThrowIfNull(mixer);
        var names = string.Join(" + ", mixer.Inputs.Select(i => i.Description));
        return new PcmAudioSource(new SampleToWaveProvider16(mixer), null, $"mix of {names}");
    }

    /// <summary>Fills <paramref name="buffer"/> with whole frames; returns the bytes written, 0 at the end of a file.</summary>
    public int Read(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        count -= count % PcmFormat.BytesPerFrame;
        var total = 0;
        while (total < count)
        {
            var n = _provider.Read(buffer.AsSpan(offset + total, count - total));
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public void Dispose() => _owned?.Dispose();

    private static IWaveProvider ToPcm(ISampleProvider samples)
    {
        if (samples.WaveFormat.Channels == 1)
        {
            samples = new MonoToStereoSampleProvider(samples);
        }

        if (samples.WaveFormat.SampleRate != PcmFormat.SampleRate)
        {
            samples = new WdlResamplingSampleProvider(samples, PcmFormat.SampleRate);
        }

        return new SampleToWaveProvider16(samples);
    }
}
