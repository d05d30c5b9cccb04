using System.Globalization;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// Builds the ffmpeg argument list of a live CMAF encode (DESIGN.md "Measured on these machines"):
/// libx264 veryfast/zerolatency with a fixed GOP of one segment target and no scene-cut keyframes,
/// AAC 48 kHz stereo, fragmented MP4 on stdout with one fragment per part.
/// </summary>
public static class LiveEncodeArguments
{
    /// <summary>
    /// <c>empty_moov</c>: init segment first; <c>default_base_moof</c> + <c>cmaf</c>: CMAF fragments;
    /// <c>frag_keyframe</c>: a keyframe always opens a fragment (without it, at 25 fps a 0.5 s fragment
    /// holds 12 or 13 frames and the keyframe of frame 50 lands mid-fragment: measured with ffmpeg 5.1);
    /// <c>skip_trailer</c>: no 'mfra' after the last fragment.
    /// </summary>
    public const string MovFlags = "empty_moov+default_base_moof+cmaf+frag_keyframe+skip_trailer";

    public static IReadOnlyList<string> Build(LiveEncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var inv = CultureInfo.InvariantCulture;
        var a = new List<string>(64) { "-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:2" };

        switch (settings.Source)
        {
            case TestPatternSource:
                AddRealtime(a, settings);
                a.AddRange(["-f", "lavfi", "-i", string.Create(inv, $"testsrc2=size={settings.Width}x{settings.Height}:rate={settings.FrameRate}")]);
                break;
            case FileSource file:
                AddRealtime(a, settings);
                if (file.Loop)
                {
                    a.AddRange(["-stream_loop", "-1"]);
                }

                a.AddRange(["-i", file.Path]);
                break;
            default:
                throw new ArgumentException($"Unknown video source {settings.Source.GetType().Name}.", nameof(settings));
        }

        switch (settings.Audio)
        {
            case LiveAudio.Tone:
                AddRealtime(a, settings);
                a.AddRange(["-f", "lavfi", "-i", string.Create(inv, $"sine=frequency={settings.ToneFrequencyHz}:sample_rate=48000")]);
                break;
            case LiveAudio.Pcm:
                // Paced by the writer (PcmAudioPump) when realtime; -re on a pipe would only add delay.
                a.AddRange(["-f", "s16le", "-ar", "48000", "-ac", "2", "-i", "pipe:0"]);
                break;
        }

        a.AddRange(["-map", "0:v:0"]);
        switch (settings.Audio)
        {
            case LiveAudio.Tone or LiveAudio.Pcm:
                a.AddRange(["-map", "1:a:0"]);
                break;
            case LiveAudio.FromSource:
                a.AddRange(["-map", "0:a:0?"]);
                break;
        }

        var filters = new List<string>(2);
        if (settings.Source is FileSource)
        {
            filters.Add(string.Create(inv, $"scale={settings.Width}:{settings.Height}"));
        }

        if (settings.BurnInClock)
        {
            filters.Add(ClockFilter(settings));
        }

        if (filters.Count > 0)
        {
            a.AddRange(["-vf", string.Join(',', filters)]);
        }

        var gop = (int)Math.Round(settings.SegmentTarget.TotalSeconds * settings.FrameRate);
        var gopText = Math.Max(1, gop).ToString(inv);
        a.AddRange([
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
            "-r", settings.FrameRate.ToString(inv),
            "-g", gopText, "-keyint_min", gopText, "-sc_threshold", "0",
            "-b:v", string.Create(inv, $"{settings.VideoBitrateKbps}k"),
            "-maxrate", string.Create(inv, $"{settings.VideoBitrateKbps}k"),
            "-bufsize", string.Create(inv, $"{settings.VideoBitrateKbps * 2}k"),
        ]);
        if (settings.Audio != LiveAudio.None)
        {
            a.AddRange(["-c:a", "aac", "-b:a", string.Create(inv, $"{settings.AudioBitrateKbps}k"), "-ar", "48000", "-ac", "2"]);
        }

        if (settings.Duration is { } duration)
        {
            a.AddRange(["-t", duration.TotalSeconds.ToString("0.###", inv)]);
        }

        a.AddRange([
            "-f", "mp4", "-movflags", MovFlags,
            "-frag_duration", ((long)settings.PartTarget.TotalMicroseconds).ToString(inv),
            "pipe:1",
        ]);
        return a;
    }

    /// <summary>
    /// drawtext showing UTC HH:MM:SS.mmm of <see cref="LiveEncodeSettings.CaptureEpoch"/> + pts.
    /// Seconds come from <c>%{pts:gmtime:EPOCH}</c> (the offset is parsed as a duration, fractions kept);
    /// milliseconds from an <c>eif</c> expression over the epoch's fractional part, so both agree.
    /// Escaping: ':' inside the text is '\:' for the filter option parser; the strftime colons need
    /// another level ('\\\:'); ',' in the expression is '\,'.
    /// </summary>
    public static string ClockFilter(LiveEncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ms = settings.CaptureEpoch.ToUnixTimeMilliseconds();
        var seconds = Math.DivRem(ms, 1000, out var frac);
        if (frac < 0)
        {
            frac += 1000;
            seconds--;
        }

        var inv = CultureInfo.InvariantCulture;
        var fontSize = Math.Max(12, settings.Height / 12);
        var text = string.Create(inv, $@"%{{pts\:gmtime\:{seconds}.{frac:000}\:%H\\\:%M\\\:%S}}.%{{eif\:mod(floor((t+0.{frac:000})*1000)\,1000)\:d\:3}}");
        return string.Create(inv, $"drawtext=fontfile={settings.FontFile}:fontsize={fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=(w-text_w)/2:y=h-text_h-{fontSize}:text='{text}'");
    }

    private static void AddRealtime(List<string> args, LiveEncodeSettings settings)
    {
        if (settings.Realtime)
        {
            args.Add("-re");
        }
    }
}
