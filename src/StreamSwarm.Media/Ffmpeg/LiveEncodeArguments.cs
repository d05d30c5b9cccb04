using System.Globalization;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// Builds the ffmpeg argument list of a live CMAF encode (DESIGN.md "Measured on these machines"):
/// H.264 (libx264 veryfast/zerolatency, or a hardware encoder) with a fixed GOP of one segment target
/// and no scene-cut keyframes, AAC 48 kHz stereo, fragmented MP4 with one fragment per part, one
/// output per rendition of the ABR ladder.
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

    /// <summary>The one-output encode: <see cref="LiveEncodeSettings.Renditions"/> (or the single size and bitrate) to stdout.</summary>
    public static IReadOnlyList<string> Build(LiveEncodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Build(settings, ["pipe:1"]);
    }

    /// <summary>
    /// One ffmpeg process, one output per rendition (<paramref name="outputs"/>, in the order of
    /// <see cref="LiveEncodeSettings.EffectiveRenditions"/>): the source is decoded once, brought to the
    /// frame rate, stamped with the clock, then <c>split</c> and <c>scale</c>d into one encoder each.
    /// Keyframes line up across renditions: every encoder gets the same fixed GOP, no scene-cut
    /// keyframes, and <c>-force_key_frames</c> on the same time expression over the same frames.
    /// </summary>
    public static IReadOnlyList<string> Build(LiveEncodeSettings settings, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(outputs);
        settings.Validate();
        var renditions = settings.EffectiveRenditions;
        if (outputs.Count != renditions.Count)
        {
            throw new ArgumentException($"{renditions.Count} renditions need as many outputs, not {outputs.Count}.", nameof(outputs));
        }

        var top = renditions[0];
        var inv = CultureInfo.InvariantCulture;
        var a = new List<string>(64 * renditions.Count) { "-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:2" };
        a.AddRange(settings.Encoder.GlobalArguments());

        switch (settings.Source)
        {
            case TestPatternSource:
                AddRealtime(a, settings);
                a.AddRange(["-f", "lavfi", "-i", string.Create(inv, $"testsrc2=size={top.Width}x{top.Height}:rate={settings.FrameRate}")]);
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

        a.AddRange(["-filter_complex", FilterGraph(settings, renditions)]);
        var gop = Math.Max(1, (int)Math.Round(settings.SegmentTarget.TotalSeconds * settings.FrameRate)).ToString(inv);
        var keyframes = string.Create(inv, $"expr:gte(t,n_forced*{settings.SegmentTarget.TotalSeconds:0.###})");
        for (var i = 0; i < renditions.Count; i++)
        {
            var r = renditions[i];
            a.AddRange(["-map", string.Create(inv, $"[v{i}]")]);
            switch (settings.Audio)
            {
                case LiveAudio.Tone or LiveAudio.Pcm:
                    a.AddRange(["-map", "1:a:0"]);
                    break;
                case LiveAudio.FromSource:
                    a.AddRange(["-map", "0:a:0?"]);
                    break;
            }

            a.AddRange(settings.Encoder.CodecArguments(gop, string.Create(inv, $"{r.VideoBitrateKbps}k"), string.Create(inv, $"{r.VideoBitrateKbps * 2}k")));
            a.AddRange(["-force_key_frames:v", keyframes]);
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
                outputs[i],
            ]);
        }

        return a;
    }

    /// <summary>
    /// <c>[0:v]fps,drawtext,split=N[s0]...;[s0]scale=W:H[v0];...</c>: the frame rate and the clock are
    /// applied once before the split, so every rendition carries the same frames at the same times.
    /// </summary>
    public static string FilterGraph(LiveEncodeSettings settings, IReadOnlyList<LiveRendition> renditions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(renditions);
        var inv = CultureInfo.InvariantCulture;
        var top = renditions[0];
        var sb = new System.Text.StringBuilder(256);
        sb.Append(inv, $"[0:v]fps={settings.FrameRate}");
        if (settings.BurnInClock)
        {
            // Drawn at the top rendition's size (a file source is scaled there first) so it reads the same everywhere.
            if (settings.Source is FileSource)
            {
                sb.Append(inv, $",scale={top.Width}:{top.Height}");
            }

            sb.Append(',').Append(ClockFilter(settings with { Width = top.Width, Height = top.Height }));
        }

        var upload = settings.Encoder.UploadFilter();
        if (renditions.Count == 1)
        {
            sb.Append(inv, $",scale={top.Width}:{top.Height}");
            if (upload is not null)
            {
                sb.Append(',').Append(upload);
            }

            return sb.Append("[v0]").ToString();
        }

        sb.Append(inv, $",split={renditions.Count}");
        for (var i = 0; i < renditions.Count; i++)
        {
            sb.Append(inv, $"[s{i}]");
        }

        for (var i = 0; i < renditions.Count; i++)
        {
            var r = renditions[i];
            sb.Append(inv, $";[s{i}]scale={r.Width}:{r.Height}");
            if (upload is not null)
            {
                sb.Append(',').Append(upload);
            }

            sb.Append(inv, $"[v{i}]");
        }

        return sb.ToString();
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
