using System.Globalization;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// Turns ffmpeg's stderr lines into <see cref="FfmpegStats"/>. Understands both forms:
/// the <c>-progress pipe:2</c> blocks (one <c>key=value</c> per line, closed by <c>progress=continue|end</c>)
/// and the classic status line <c>frame=  150 fps= 30 q=28.0 size= 1024kB time=00:00:05.00 bitrate=1677.7kbits/s speed=1.0x</c>.
/// Not thread-safe: one parser per stderr stream.
/// </summary>
public sealed class FfmpegStatsParser
{
    private long _frame;
    private double _fps;
    private double _bitrate;
    private double _speed;
    private TimeSpan _outTime;
    private bool _any;

    /// <summary>Feeds one line; returns true with <paramref name="stats"/> when the line completes a report.</summary>
    public bool TryAccept(ReadOnlySpan<char> line, out FfmpegStats stats)
    {
        stats = default;
        line = line.Trim();
        if (line.StartsWith("frame=", StringComparison.Ordinal) && line.Contains(" time=", StringComparison.Ordinal)
            || line.StartsWith("size=", StringComparison.Ordinal) && line.Contains(" time=", StringComparison.Ordinal))
        {
            return TryParseStatusLine(line, out stats);
        }

        var eq = line.IndexOf('=');
        if (eq <= 0)
        {
            return false;
        }

        var key = line[..eq];
        var value = line[(eq + 1)..].Trim();
        if (!IsProgressKey(key))
        {
            return false;
        }

        if (key.SequenceEqual("progress"))
        {
            if (!_any)
            {
                return false;
            }

            stats = new FfmpegStats(_frame, _fps, _bitrate, _speed, _outTime);
            _any = false;
            return true;
        }

        Apply(key, value);
        _any = true;
        return false;
    }

    private bool TryParseStatusLine(ReadOnlySpan<char> line, out FfmpegStats stats)
    {
        _frame = 0;
        _fps = 0;
        _bitrate = 0;
        _speed = 0;
        _outTime = TimeSpan.Zero;
        var rest = line;
        while (!rest.IsEmpty)
        {
            var eq = rest.IndexOf('=');
            if (eq <= 0)
            {
                break;
            }

            var key = rest[..eq].Trim();
            rest = rest[(eq + 1)..].TrimStart();
            var end = rest.IndexOf(' ');
            var value = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..].TrimStart();
            Apply(key, value);
        }

        stats = new FfmpegStats(_frame, _fps, _bitrate, _speed, _outTime);
        _any = false;
        return true;
    }

    private static bool IsProgressKey(ReadOnlySpan<char> key) =>
        key.SequenceEqual("frame") || key.SequenceEqual("fps") || key.SequenceEqual("bitrate")
        || key.SequenceEqual("out_time_us") || key.SequenceEqual("out_time_ms") || key.SequenceEqual("out_time")
        || key.SequenceEqual("speed") || key.SequenceEqual("total_size") || key.SequenceEqual("dup_frames")
        || key.SequenceEqual("drop_frames") || key.SequenceEqual("progress") || key.StartsWith("stream_", StringComparison.Ordinal);

    private void Apply(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        if (key.SequenceEqual("frame"))
        {
            _frame = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : 0;
        }
        else if (key.SequenceEqual("fps"))
        {
            _fps = ParseDouble(value);
        }
        else if (key.SequenceEqual("bitrate"))
        {
            _bitrate = ParseDouble(StripSuffix(value, "kbits/s"));
        }
        else if (key.SequenceEqual("speed"))
        {
            _speed = ParseDouble(StripSuffix(value, "x"));
        }
        else if (key.SequenceEqual("out_time_us"))
        {
            _outTime = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) && us > 0
                ? TimeSpan.FromMicroseconds(us)
                : TimeSpan.Zero;
        }
        else if (key.SequenceEqual("time") || key.SequenceEqual("out_time"))
        {
            _outTime = ParseClock(value);
        }
    }

    private static ReadOnlySpan<char> StripSuffix(ReadOnlySpan<char> value, string suffix) =>
        value.EndsWith(suffix, StringComparison.Ordinal) ? value[..^suffix.Length] : value;

    private static double ParseDouble(ReadOnlySpan<char> value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : 0;

    // HH:MM:SS.micro; ffmpeg prints negative or N/A before the first packet.
    private static TimeSpan ParseClock(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value[0] == '-')
        {
            return TimeSpan.Zero;
        }

        var c1 = value.IndexOf(':');
        if (c1 <= 0)
        {
            return TimeSpan.Zero;
        }

        var afterHours = value[(c1 + 1)..];
        var c2 = afterHours.IndexOf(':');
        if (c2 <= 0
            || !long.TryParse(value[..c1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !long.TryParse(afterHours[..c2], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !double.TryParse(afterHours[(c2 + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var s))
        {
            return TimeSpan.Zero;
        }

        return h > 1_000_000 ? TimeSpan.Zero : TimeSpan.FromHours(h) + TimeSpan.FromMinutes(m) + TimeSpan.FromSeconds(s);
    }
}
