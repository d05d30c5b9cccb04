using System.Globalization;
using System.Text;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Hls;

/// <summary>
/// Writes an LL-HLS media playlist (RFC 8216bis) for one rendition. Pure: the caller holds the
/// stream's lock, so the window does not change while it is written.
/// </summary>
public static class MediaPlaylistWriter
{
    /// <summary>Parts are listed for segments ending within this many target durations of the end (RFC 8216bis §4.4.4.9).</summary>
    public const int PartsWithinTargetDurations = 3;

    public static string Write(StreamWindow stream, RenditionWindow rendition, int playlistSegments)
    {
        var inv = CultureInfo.InvariantCulture;
        var segments = rendition.Segments;
        var first = FirstListed(segments, playlistSegments);
        var targetDuration = TargetDuration(stream, rendition);
        var partTarget = PartTarget(stream, rendition);

        var sb = new StringBuilder(2048);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:9\n");
        sb.Append(inv, $"#EXT-X-TARGETDURATION:{targetDuration}\n");
        sb.Append(inv, $"#EXT-X-PART-INF:PART-TARGET={partTarget:0.000}\n");
        if (!stream.Ended)
        {
            sb.Append(inv, $"#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={3 * partTarget:0.000}\n");
        }

        sb.Append(inv, $"#EXT-X-MEDIA-SEQUENCE:{(first < segments.Count ? segments[first].Msn : 0)}\n");
        sb.Append("#EXT-X-MAP:URI=\"init.mp4\"\n");

        var partsFrom = PartsFrom(segments, first, targetDuration);
        for (var i = first; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.Discontinuity && i > first)
            {
                sb.Append("#EXT-X-DISCONTINUITY\n");
            }

            sb.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(s.ProgramDateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", inv)).Append('\n');
            if (i >= partsFrom)
            {
                foreach (var p in s.Parts)
                {
                    sb.Append(inv, $"#EXT-X-PART:DURATION={p.DurationSeconds:0.00000},URI=\"{s.Msn}.{p.Index}.m4s\"");
                    sb.Append(p.Independent ? ",INDEPENDENT=YES\n" : "\n");
                }
            }

            if (s.IsComplete)
            {
                sb.Append(inv, $"#EXTINF:{s.DurationSeconds:0.00000},\n{s.Msn}.m4s\n");
            }
        }

        if (stream.Ended)
        {
            sb.Append("#EXT-X-ENDLIST\n");
        }
        else if (NextPart(rendition) is var (msn, part))
        {
            sb.Append(inv, $"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"{msn}.{part}.m4s\"\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// TARGETDURATION: the declared segment target rounded up, or the longest segment so far if longer,
    /// so that every EXTINF rounded to the nearest integer is at most it (RFC 8216bis §4.4.3.1).
    /// </summary>
    public static int TargetDuration(StreamWindow stream, RenditionWindow rendition) =>
        (int)Math.Ceiling(Math.Max(stream.TargetSegmentSeconds, rendition.LongestSegmentSeconds) - 1e-9);

    /// <summary>PART-TARGET: the declared part target, or the longest part so far if longer (every part must fit it).</summary>
    public static double PartTarget(StreamWindow stream, RenditionWindow rendition)
    {
        var longest = stream.PartTargetSeconds;
        foreach (var s in rendition.Segments)
        {
            foreach (var p in s.Parts)
            {
                longest = Math.Max(longest, p.DurationSeconds);
            }
        }

        return Math.Ceiling(longest * 1000) / 1000;
    }

    /// <summary>The part the next upload will be: the preload hint; null before the first part.</summary>
    public static (long Msn, int Part)? NextPart(RenditionWindow rendition) => rendition.Last switch
    {
        null => null,
        { IsComplete: true } last => (last.Msn + 1, 0),
        var open => (open.Msn, open.Parts.Count),
    };

    /// <summary>Index of the first segment listed: the newest <paramref name="playlistSegments"/> complete ones and the open one.</summary>
    private static int FirstListed(IReadOnlyList<StoredSegment> segments, int playlistSegments)
    {
        var complete = 0;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (segments[i].IsComplete && ++complete == playlistSegments)
            {
                return i;
            }
        }

        return 0;
    }

    private static int PartsFrom(IReadOnlyList<StoredSegment> segments, int first, int targetDuration)
    {
        var budget = PartsWithinTargetDurations * targetDuration;
        var seconds = 0.0;
        for (var i = segments.Count - 1; i >= first; i--)
        {
            seconds += segments[i].DurationSeconds;
            if (seconds > budget)
            {
                return i + 1;
            }
        }

        return first;
    }
}
