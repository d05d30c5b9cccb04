using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StreamSwarm.Media.Fmp4;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Window;

/// <summary>
/// Every stream's window, with the memory budgets of <see cref="WindowOptions"/>: per stream and
/// global, oldest segments evicted first, and segments older than the playlist plus the retention
/// time dropped as new ones arrive.
/// </summary>
public sealed class WindowStore(IOptions<WindowOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StreamWindow> _streams = new(StringComparer.Ordinal);
    private readonly WindowOptions _options = options.Value;
    private long _totalBytes;

    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    public StreamWindow? Find(string stream) => _streams.GetValueOrDefault(stream);

    public IReadOnlyCollection<StreamWindow> All => [.. _streams.Values];

    /// <summary>Starts a new session, replacing an ended or idle one; null when a live one is still active.</summary>
    public StreamWindow? StartSession(string stream, IReadOnlyList<RenditionSpec> renditions, double targetSegmentSeconds, double partTargetSeconds, TimeSpan idleTimeout)
    {
        var now = time.GetUtcNow();
        var fresh = new StreamWindow(stream, NewSessionId(), renditions, targetSegmentSeconds, partTargetSeconds, now);
        while (true)
        {
            if (_streams.TryGetValue(stream, out var current))
            {
                if (!current.Ended && now - current.LastUpload < idleTimeout)
                {
                    return null;
                }

                if (_streams.TryUpdate(stream, fresh, current))
                {
                    EndSession(current);
                    Interlocked.Add(ref _totalBytes, -current.Read(static w => SumBytes(w)));
                    return fresh;
                }
            }
            else if (_streams.TryAdd(stream, fresh))
            {
                return fresh;
            }
        }
    }

    /// <summary>Ends a session (ENDLIST): closes open segments and wakes every waiter.</summary>
    public void EndSession(StreamWindow window) => window.Change(static w =>
    {
        foreach (var r in w.Renditions)
        {
            r.CompleteOpen();
        }

        w.MarkEnded();
        return true;
    });

    /// <summary>Ends sessions idle for longer than <paramref name="idleTimeout"/>; returns them.</summary>
    public IReadOnlyList<StreamWindow> EndIdleSessions(TimeSpan idleTimeout)
    {
        var now = time.GetUtcNow();
        var ended = new List<StreamWindow>();
        foreach (var w in _streams.Values)
        {
            if (!w.Ended && now - w.LastUpload >= idleTimeout)
            {
                EndSession(w);
                ended.Add(w);
            }
        }

        return ended;
    }

    public void SetInit(StreamWindow window, RenditionWindow rendition, byte[] init, InitSegmentInfo info)
    {
        var before = window.Read(_ => rendition.Bytes);
        window.Change(w =>
        {
            rendition.SetInit(init, info);
            w.Touch(time.GetUtcNow());
            return true;
        });
        Interlocked.Add(ref _totalBytes, window.Read(_ => rendition.Bytes) - before);
    }

    /// <summary>Appends a validated part, then applies retention and the budgets.</summary>
    public PartAppendResult AppendPart(StreamWindow window, RenditionWindow rendition, long msn, StoredPart part, bool discontinuity, out StoredSegment? closed)
    {
        if (part.Bytes.Length > _options.StreamBudgetBytes / 4)
        {
            closed = null;
            return PartAppendResult.OverBudget;
        }

        StoredSegment? closedSegment = null;
        var (result, delta) = window.Change(w =>
        {
            var before = SumBytes(w);
            var r = rendition.Append(msn, part, discontinuity, out closedSegment);
            if (r == PartAppendResult.Stored)
            {
                w.Touch(time.GetUtcNow());
                Retain(w);
            }

            return (r, SumBytes(w) - before);
        });
        closed = closedSegment;
        Interlocked.Add(ref _totalBytes, delta);
        if (result == PartAppendResult.Stored && TotalBytes > _options.GlobalBudgetBytes)
        {
            EnforceGlobalBudget();
        }

        return result;
    }

    /// <summary>Drops segments past the retention time, then oldest-first while the stream is over its budget.</summary>
    private void Retain(StreamWindow w)
    {
        foreach (var r in w.Renditions)
        {
            while (r.SecondsBeyond(_options.PlaylistSegments) > _options.RetainBeyondPlaylistSeconds && r.EvictOldest() > 0)
            {
            }
        }

        while (SumBytes(w) > _options.StreamBudgetBytes && EvictOldestOf(w) > 0)
        {
        }
    }

    private void EnforceGlobalBudget()
    {
        // Take from the stream holding the most bytes: one stream cannot starve the others.
        while (TotalBytes > _options.GlobalBudgetBytes)
        {
            StreamWindow? largest = null;
            long largestBytes = 0;
            foreach (var w in _streams.Values)
            {
                var b = w.Read(static x => SumBytes(x));
                if (b > largestBytes)
                {
                    largest = w;
                    largestBytes = b;
                }
            }

            if (largest is null)
            {
                return;
            }

            var freed = largest.Change(static x => EvictOldestOf(x));
            if (freed == 0)
            {
                return;
            }

            Interlocked.Add(ref _totalBytes, -freed);
        }
    }

    /// <summary>Evicts the oldest segment across the stream's renditions.</summary>
    private static long EvictOldestOf(StreamWindow w)
    {
        RenditionWindow? oldest = null;
        foreach (var r in w.Renditions)
        {
            if (r.Segments.Count > 1 && (oldest is null || r.Segments[0].Msn < oldest.Segments[0].Msn))
            {
                oldest = r;
            }
        }

        return oldest?.EvictOldest() ?? 0;
    }

    private static long SumBytes(StreamWindow w)
    {
        long total = 0;
        foreach (var r in w.Renditions)
        {
            total += r.Bytes;
        }

        return total;
    }

    private static string NewSessionId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
