namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// Counters of one rendition. Updated a few times a second (per progress line, per part), so a
/// lock is cheaper to reason about than lock-free tricks and costs nothing measurable.
/// </summary>
internal sealed class RenditionCounters(string name)
{
    /// <summary>Parts in the measured-bitrate window: 8 parts of 0.5 s is 4 s, smooth yet current.</summary>
    private const int Window = 8;

    private readonly Lock _gate = new();
    private readonly (int Bytes, double Seconds)[] _recent = new (int, double)[Window];
    private int _next;
    private int _filled;
    private long _parts;
    private long _bytes;
    private double _fps;
    private double _speed;
    private double _encoderKbps;
    private long _lastSentMsn = -1;
    private long _segmentsSent;

    /// <summary>Segments with at least one part on the server.</summary>
    public long SegmentsSent
    {
        get
        {
            lock (_gate)
            {
                return _segmentsSent;
            }
        }
    }

    public void OnPartSent(long mediaSequence)
    {
        lock (_gate)
        {
            if (mediaSequence != _lastSentMsn)
            {
                _lastSentMsn = mediaSequence;
                _segmentsSent++;
            }
        }
    }

    public void OnProgress(double? fps, double? speed, double? bitrateKbps)
    {
        lock (_gate)
        {
            _fps = fps ?? _fps;
            _speed = speed ?? _speed;
            _encoderKbps = bitrateKbps ?? _encoderKbps;
        }
    }

    public void OnPart(int bytes, double seconds)
    {
        lock (_gate)
        {
            _recent[_next] = (bytes, seconds);
            _next = (_next + 1) % Window;
            _filled = Math.Min(_filled + 1, Window);
            _parts++;
            _bytes += bytes;
        }
    }

    public RenditionReading Read()
    {
        lock (_gate)
        {
            long bytes = 0;
            double seconds = 0;
            for (var i = 0; i < _filled; i++)
            {
                bytes += _recent[i].Bytes;
                seconds += _recent[i].Seconds;
            }

            var measured = seconds > 0 ? bytes * 8 / seconds / 1000 : 0;
            return new RenditionReading(name, _fps, _speed, _encoderKbps, measured, _parts, _bytes);
        }
    }
}
