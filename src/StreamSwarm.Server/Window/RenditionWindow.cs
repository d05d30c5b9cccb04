using StreamSwarm.Media.Fmp4;

namespace StreamSwarm.Server.Window;

/// <summary>
/// The media of one rendition kept in memory: the init segment and a sliding window of segments.
/// Not thread-safe by itself: <see cref="StreamWindow"/> guards it with its lock.
/// </summary>
public sealed class RenditionWindow(RenditionSpec spec)
{
    private readonly List<StoredSegment> _segments = [];

    public RenditionSpec Spec { get; } = spec;

    public byte[]? Init { get; private set; }

    public InitSegmentInfo? InitInfo { get; private set; }

    public IReadOnlyList<StoredSegment> Segments => _segments;

    /// <summary>Bytes held: init plus every part of every segment.</summary>
    public long Bytes { get; private set; }

    /// <summary>Longest complete segment seen in the session (drives TARGETDURATION).</summary>
    public double LongestSegmentSeconds { get; private set; }

    public StoredSegment? Last => _segments.Count > 0 ? _segments[^1] : null;

    internal void SetInit(byte[] init, InitSegmentInfo info)
    {
        Bytes += init.Length - (Init?.Length ?? 0);
        Init = init;
        InitInfo = info;
    }

    /// <summary>Appends a part, closing the open segment when a new one starts. The caller validated the bytes.</summary>
    internal PartAppendResult Append(long msn, StoredPart part, bool discontinuity, out StoredSegment? closed)
    {
        closed = null;
        if (Init is null)
        {
            return PartAppendResult.NoInit;
        }

        var last = Last;
        if (last is not null && last.Msn == msn && part.Index == last.Parts.Count - 1)
        {
            return last.Parts[^1].Hash == part.Hash ? PartAppendResult.Duplicate : PartAppendResult.Conflict;
        }

        if (last is not null && last.Msn == msn && !last.IsComplete && part.Index == last.Parts.Count)
        {
            last.Add(part);
            Bytes += part.Bytes.Length;
            return PartAppendResult.Stored;
        }

        var startsSegment = part.Index == 0 && part.Independent && (last is null || msn > last.Msn);
        if (!startsSegment)
        {
            return PartAppendResult.Conflict;
        }

        if (last is { IsComplete: false })
        {
            last.Complete();
            LongestSegmentSeconds = Math.Max(LongestSegmentSeconds, last.DurationSeconds);
            closed = last;
        }

        var segment = new StoredSegment(msn, discontinuity || (last is not null && msn != last.Msn + 1));
        segment.Add(part);
        _segments.Add(segment);
        Bytes += part.Bytes.Length;
        return PartAppendResult.Stored;
    }

    /// <summary>Closes the open segment (session end); returns it, or null when none was open.</summary>
    internal StoredSegment? CompleteOpen()
    {
        if (Last is { IsComplete: false } open)
        {
            open.Complete();
            LongestSegmentSeconds = Math.Max(LongestSegmentSeconds, open.DurationSeconds);
            return open;
        }

        return null;
    }

    /// <summary>Drops the oldest segment; returns the bytes freed (0 when only the open segment is left).</summary>
    internal long EvictOldest()
    {
        if (_segments.Count <= 1)
        {
            return 0;
        }

        var oldest = _segments[0];
        _segments.RemoveAt(0);
        Bytes -= oldest.Bytes;
        return oldest.Bytes;
    }

    public StoredSegment? Find(long msn)
    {
        // Segments are contiguous in msn except across discontinuities; a binary search keeps this O(log n).
        int lo = 0, hi = _segments.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var m = _segments[mid].Msn;
            if (m == msn)
            {
                return _segments[mid];
            }

            if (m < msn)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    /// <summary>Seconds of complete media held before the newest <paramref name="playlistSegments"/> complete segments.</summary>
    internal double SecondsBeyond(int playlistSegments)
    {
        var complete = 0;
        var beyond = 0.0;
        for (var i = _segments.Count - 1; i >= 0; i--)
        {
            if (!_segments[i].IsComplete)
            {
                continue;
            }

            complete++;
            if (complete > playlistSegments)
            {
                beyond += _segments[i].DurationSeconds;
            }
        }

        return beyond;
    }
}
