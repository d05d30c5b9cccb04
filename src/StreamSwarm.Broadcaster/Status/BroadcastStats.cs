using System.Collections.Concurrent;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>
/// Counters written by the encoder and upload loops and read by the status display. Writers
/// update single fields atomically; a <see cref="Snapshot"/> is consistent enough for a display.
/// </summary>
public sealed class BroadcastStats
{
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _partsSent;
    private long _bytesSent;
    private long _uploadErrors;
    private long _retries;
    private long _duplicates;
    private long _queueDepth;
    private long _lastUploadMicros = -1;
    private long _encoderFpsBits;
    private long _encoderSpeedBits;
    private long _encoderBitrateBits;
    private readonly ConcurrentDictionary<string, RenditionCounters> _renditions = new(StringComparer.Ordinal);

    public BroadcastStats(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>A part of <paramref name="rendition"/> is on the server.</summary>
    public void OnPartSent(string rendition, long mediaSequence, int bytes, TimeSpan uploadTime)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        Interlocked.Increment(ref _partsSent);
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Exchange(ref _lastUploadMicros, (long)(uploadTime.TotalMilliseconds * 1000));
        // A segment counts once its first part is on the server, per rendition: the ladder's renditions
        // cut the same segments, and their uploads interleave.
        Rendition(rendition).OnPartSent(mediaSequence);
    }

    public void OnInitSent(int bytes, TimeSpan uploadTime)
    {
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Exchange(ref _lastUploadMicros, (long)(uploadTime.TotalMilliseconds * 1000));
    }

    public void OnUploadError() => Interlocked.Increment(ref _uploadErrors);

    public void OnRetry() => Interlocked.Increment(ref _retries);

    public void OnDuplicate() => Interlocked.Increment(ref _duplicates);

    public void OnQueueDepth(int depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public void OnEncoderProgress(double? fps, double? speed, double? bitrateKbps)
    {
        if (fps is { } f)
        {
            Interlocked.Exchange(ref _encoderFpsBits, BitConverter.DoubleToInt64Bits(f));
        }

        if (speed is { } s)
        {
            Interlocked.Exchange(ref _encoderSpeedBits, BitConverter.DoubleToInt64Bits(s));
        }

        if (bitrateKbps is { } b)
        {
            Interlocked.Exchange(ref _encoderBitrateBits, BitConverter.DoubleToInt64Bits(b));
        }
    }

    /// <summary>Encoder progress of one rendition (the ladder reports each; a single encode reports "main").</summary>
    public void OnEncoderProgress(string rendition, double? fps, double? speed, double? bitrateKbps)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        Rendition(rendition).OnProgress(fps, speed, bitrateKbps);
        OnEncoderProgress(fps, speed, bitrateKbps);
    }

    /// <summary>A part the encoder made for <paramref name="rendition"/>: feeds its measured bitrate.</summary>
    public void OnPartProduced(string rendition, int bytes, double durationSeconds)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        Rendition(rendition).OnPart(bytes, durationSeconds);
    }

    public Snapshot Take()
    {
        var last = Interlocked.Read(ref _lastUploadMicros);
        return new Snapshot(
            _time.GetElapsedTime(_started),
            BitConverter.Int64BitsToDouble(Interlocked.Read(ref _encoderFpsBits)),
            BitConverter.Int64BitsToDouble(Interlocked.Read(ref _encoderSpeedBits)),
            BitConverter.Int64BitsToDouble(Interlocked.Read(ref _encoderBitrateBits)),
            Interlocked.Read(ref _partsSent),
            SegmentsSent(),
            Interlocked.Read(ref _bytesSent),
            last < 0 ? null : last / 1000.0,
            Interlocked.Read(ref _uploadErrors),
            Interlocked.Read(ref _retries),
            Interlocked.Read(ref _duplicates),
            (int)Interlocked.Read(ref _queueDepth))
        {
            Renditions = TakeRenditions(),
        };
    }

    /// <summary>Segments of the rendition furthest along: every rendition carries the same segments, so this is how many the stream has.</summary>
    private long SegmentsSent()
    {
        long most = 0;
        foreach (var counters in _renditions.Values)
        {
            most = Math.Max(most, counters.SegmentsSent);
        }

        return most;
    }

    private RenditionCounters Rendition(string name) => _renditions.GetOrAdd(name, static n => new RenditionCounters(n));

    private RenditionReading[] TakeRenditions()
    {
        var list = new List<RenditionReading>(_renditions.Count);
        foreach (var counters in _renditions.Values)
        {
            list.Add(counters.Read());
        }

        // Highest bitrate first: the ladder's top rung leads, like the master playlist.
        list.Sort((a, b) => b.MeasuredKbps != a.MeasuredKbps ? b.MeasuredKbps.CompareTo(a.MeasuredKbps) : string.CompareOrdinal(a.Name, b.Name));
        return [.. list];
    }

    /// <summary>One reading of every counter.</summary>
    public sealed record Snapshot(
        TimeSpan Elapsed,
        double EncoderFps,
        double EncoderSpeed,
        double EncoderBitrateKbps,
        long PartsSent,
        long Segments,
        long BytesSent,
        double? LastUploadMs,
        long UploadErrors,
        long Retries,
        long Duplicates,
        int QueueDepth)
    {
        /// <summary>One reading per rendition, highest measured bitrate first; empty until the encoder reports.</summary>
        public IReadOnlyList<RenditionReading> Renditions { get; init; } = [];
    }
}
