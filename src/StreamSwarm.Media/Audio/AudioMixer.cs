using NAudio.Wave;

namespace StreamSwarm.Media.Audio;

/// <summary>
/// Sums its <see cref="Inputs"/> (each with its gain and mute) into 48 kHz stereo float, hard-clips
/// to full scale, meters each input and the mix. It never ends: inputs that end (a non-looped file)
/// read as silence, so the live stream keeps its audio track. <see cref="Muted"/> silences the mix
/// (the dashboard's <c>m</c> key). Reads happen on one thread (the PCM pump); gain and mute may be
/// changed from any other.
/// </summary>
public sealed class AudioMixer : ISampleProvider, IDisposable
{
    private readonly AudioMixerInput[] _inputs;
    private float[] _scratch = [];
    private volatile bool _muted;

    public AudioMixer(IReadOnlyList<AudioMixerInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("A mixer needs at least one input.", nameof(inputs));
        }

        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (input.Samples.WaveFormat.SampleRate != PcmFormat.SampleRate || input.Samples.WaveFormat.Channels != PcmFormat.Channels)
            {
                throw new ArgumentException($"Input '{input.Description}' is not {PcmFormat.SampleRate} Hz stereo.", nameof(inputs));
            }
        }

        _inputs = [.. inputs];
    }

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(PcmFormat.SampleRate, PcmFormat.Channels);

    public IReadOnlyList<AudioMixerInput> Inputs => _inputs;

    /// <summary>Levels of the mix as sent (zero while muted).</summary>
    public AudioMeter Meter { get; } = new();

    /// <summary>Silences the whole mix; inputs keep playing (and metering) underneath.</summary>
    public bool Muted
    {
        get => _muted;
        set => _muted = value;
    }

    /// <summary>Flips <see cref="Muted"/>; returns the new state.</summary>
    public bool ToggleMute() => _muted = !_muted;

    /// <summary>A 48 kHz stereo s16le source of this mix for <see cref="PcmAudioPump"/>.</summary>
    public PcmAudioSource ToPcm() => PcmAudioSource.FromMixer(this);

    public int Read(float[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public int Read(Span<float> buffer)
    {
        buffer.Clear();
        if (_scratch.Length < buffer.Length)
        {
            _scratch = new float[buffer.Length];
        }

        var scratch = _scratch.AsSpan(0, buffer.Length);
        foreach (var input in _inputs)
        {
            var n = input.Ended ? 0 : ReadFully(input.Samples, scratch);
            if (n < scratch.Length)
            {
                input.Ended = true;
                scratch[n..].Clear();
            }

            var gain = input.Muted ? 0f : input.Gain;
            if (gain != 1f)
            {
                for (var i = 0; i < scratch.Length; i++)
                {
                    scratch[i] *= gain;
                }
            }

            input.Meter.Measure(scratch);
            for (var i = 0; i < scratch.Length; i++)
            {
                buffer[i] += scratch[i];
            }
        }

        if (_muted)
        {
            buffer.Clear();
        }
        else
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = Math.Clamp(buffer[i], -1f, 1f);
            }
        }

        Meter.Measure(buffer);
        return buffer.Length;
    }

    public void Dispose()
    {
        foreach (var input in _inputs)
        {
            input.Dispose();
        }
    }

    private static int ReadFully(ISampleProvider samples, Span<float> into)
    {
        var total = 0;
        while (total < into.Length)
        {
            var n = samples.Read(into[total..]);
            if (n <= 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
