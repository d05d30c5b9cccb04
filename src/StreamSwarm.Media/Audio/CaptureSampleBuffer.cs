using NAudio.Wave;

namespace StreamSwarm.Media.Audio;

/// <summary>
/// The hand-over between a live capture (a child ffmpeg, a WASAPI device) that delivers 48 kHz stereo
/// float in bursts on its own thread and the mixer that reads it paced by the PCM pump. Reads never
/// block and never come up short: missing samples read as silence, so a stalled or dead capture turns
/// into a silent input instead of a stopped mix (the mixer counts a short read as the input's end).
/// <para>The device clock and the pump's clock drift apart, and captures deliver in periods of tens of
/// milliseconds: reading starts once <see cref="PrebufferSamples"/> are held (and starts again so after
/// an underrun), and past <see cref="MaxSamples"/> the oldest samples are dropped back to that level,
/// so the delay stays between the two.</para>
/// </summary>
public sealed class CaptureSampleBuffer : ISampleProvider
{
    /// <summary>Held before reading starts: 100 ms, a few capture periods.</summary>
    public const int PrebufferSamples = PcmFormat.SampleRate * PcmFormat.Channels / 10;

    /// <summary>Most samples held: 500 ms. More is latency the streamer would hear as lip-sync error.</summary>
    public const int MaxSamples = PcmFormat.SampleRate * PcmFormat.Channels / 2;

    private readonly float[] _ring = new float[MaxSamples];
    private readonly Lock _gate = new();
    private int _start;
    private int _count;
    private bool _primed;
    private long _dropped;
    private long _underruns;

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(PcmFormat.SampleRate, PcmFormat.Channels);

    /// <summary>Samples held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Samples thrown away because the reader fell behind the capture.</summary>
    public long DroppedSamples => Interlocked.Read(ref _dropped);

    /// <summary>Times the reader found the buffer empty mid-play (each filled with silence).</summary>
    public long Underruns => Interlocked.Read(ref _underruns);

    /// <summary>Adds captured samples (interleaved stereo); drops the oldest when too many are held.</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        lock (_gate)
        {
            if (samples.Length > MaxSamples)
            {
                Interlocked.Add(ref _dropped, samples.Length - MaxSamples);
                samples = samples[^MaxSamples..];
            }

            if (_count + samples.Length > MaxSamples)
            {
                // Back to the prebuffer level, whole frames, rather than one write's worth: dropping a
                // little on every write would click every period.
                var drop = _count + samples.Length - PrebufferSamples;
                drop = Math.Min(drop - (drop % PcmFormat.Channels), _count);
                _start = (_start + drop) % _ring.Length;
                _count -= drop;
                Interlocked.Add(ref _dropped, drop);
                if (_count + samples.Length > MaxSamples)
                {
                    var more = _count + samples.Length - MaxSamples;
                    Interlocked.Add(ref _dropped, more);
                    samples = samples[more..];
                }
            }

            var end = (_start + _count) % _ring.Length;
            var first = Math.Min(samples.Length, _ring.Length - end);
            samples[..first].CopyTo(_ring.AsSpan(end));
            samples[first..].CopyTo(_ring);
            _count += samples.Length;
        }
    }

    public int Read(float[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Always fills <paramref name="buffer"/>: captured samples, then silence for what is missing.</summary>
    public int Read(Span<float> buffer)
    {
        lock (_gate)
        {
            if (!_primed && _count >= Math.Min(PrebufferSamples, MaxSamples))
            {
                _primed = true;
            }

            var take = _primed ? Math.Min(_count, buffer.Length) : 0;
            var first = Math.Min(take, _ring.Length - _start);
            _ring.AsSpan(_start, first).CopyTo(buffer);
            _ring.AsSpan(0, take - first).CopyTo(buffer[first..]);
            _start = (_start + take) % _ring.Length;
            _count -= take;
            if (take < buffer.Length)
            {
                buffer[take..].Clear();
                if (_primed)
                {
                    _primed = false;
                    Interlocked.Increment(ref _underruns);
                }
            }
        }

        return buffer.Length;
    }

    /// <summary>Forgets what is held (a capture that stopped must not replay its last half second later).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _start = 0;
            _count = 0;
            _primed = false;
        }
    }
}
