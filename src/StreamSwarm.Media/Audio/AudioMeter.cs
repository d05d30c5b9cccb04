namespace StreamSwarm.Media.Audio;

/// <summary>
/// Measures peak and RMS of the samples that pass through it. The audio thread calls
/// <see cref="Measure"/>; a display calls <see cref="Take"/> and gets the levels since its last
/// call (so a display reading twice a second shows half-second windows).
/// </summary>
public sealed class AudioMeter
{
    private readonly Lock _gate = new();
    private float _peak;
    private double _sumSquares;
    private long _count;
    private AudioLevels _last;

    public void Measure(ReadOnlySpan<float> samples)
    {
        var peak = 0f;
        double sum = 0;
        foreach (var s in samples)
        {
            var a = Math.Abs(s);
            if (a > peak)
            {
                peak = a;
            }

            sum += (double)s * s;
        }

        lock (_gate)
        {
            _peak = Math.Max(_peak, peak);
            _sumSquares += sum;
            _count += samples.Length;
        }
    }

    /// <summary>Levels since the previous call; when no audio passed since, the previous reading again.</summary>
    public AudioLevels Take()
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                _last = new AudioLevels(_peak, (float)Math.Sqrt(_sumSquares / _count));
                _peak = 0;
                _sumSquares = 0;
                _count = 0;
            }

            return _last;
        }
    }
}
