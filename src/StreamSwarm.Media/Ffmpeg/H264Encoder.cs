namespace StreamSwarm.Media.Ffmpeg;

/// <summary>Which ffmpeg H.264 encoder a live encode uses. <see cref="H264EncoderProbe"/> picks one that works here.</summary>
public enum H264Encoder : byte
{
    /// <summary>Software x264 (veryfast, zerolatency): always available in Debian's ffmpeg.</summary>
    Libx264 = 0,

    /// <summary>VA-API (Intel/AMD on Linux) through the first DRM render node.</summary>
    Vaapi,

    /// <summary>NVIDIA NVENC.</summary>
    Nvenc,

    /// <summary>Intel Quick Sync (libmfx / oneVPL).</summary>
    Qsv,
}

/// <summary>ffmpeg's names and per-encoder arguments for <see cref="H264Encoder"/>.</summary>
public static class H264EncoderNames
{
    /// <summary>DRM render node VA-API opens. ffmpeg's own default when several GPUs exist is the first one as well.</summary>
    public const string VaapiDevice = "/dev/dri/renderD128";

    public static string FfmpegName(this H264Encoder encoder) => encoder switch
    {
        H264Encoder.Vaapi => "h264_vaapi",
        H264Encoder.Nvenc => "h264_nvenc",
        H264Encoder.Qsv => "h264_qsv",
        _ => "libx264",
    };

    /// <summary>Parses <c>libx264</c>, <c>vaapi</c>, <c>nvenc</c>, <c>qsv</c> (or ffmpeg's own <c>h264_*</c> names).</summary>
    public static bool TryParse(string text, out H264Encoder encoder)
    {
        switch (text.ToLowerInvariant())
        {
            case "libx264" or "x264" or "software":
                encoder = H264Encoder.Libx264;
                return true;
            case "vaapi" or "h264_vaapi":
                encoder = H264Encoder.Vaapi;
                return true;
            case "nvenc" or "h264_nvenc":
                encoder = H264Encoder.Nvenc;
                return true;
            case "qsv" or "h264_qsv":
                encoder = H264Encoder.Qsv;
                return true;
            default:
                encoder = H264Encoder.Libx264;
                return false;
        }
    }

    /// <summary>Global options the encoder needs before the inputs (device setup).</summary>
    internal static IEnumerable<string> GlobalArguments(this H264Encoder encoder) => encoder switch
    {
        H264Encoder.Vaapi => ["-vaapi_device", VaapiDevice],
        _ => [],
    };

    /// <summary>Filter appended to each rendition's chain: hardware encoders take their own frame formats.</summary>
    internal static string? UploadFilter(this H264Encoder encoder) => encoder switch
    {
        H264Encoder.Vaapi => "format=nv12,hwupload",
        H264Encoder.Qsv => "format=nv12",
        _ => null,
    };

    /// <summary>
    /// Codec options of one output stream. Every encoder gets a fixed GOP and no scene-cut keyframes so
    /// that <c>-force_key_frames</c> alone places keyframes, identically on every rendition.
    /// </summary>
    internal static IEnumerable<string> CodecArguments(this H264Encoder encoder, string gop, string kbps, string bufKbps) => encoder switch
    {
        H264Encoder.Vaapi =>
        [
            "-c:v", "h264_vaapi", "-g:v", gop, "-rc_mode:v", "CBR",
            "-b:v", kbps, "-maxrate:v", kbps, "-bufsize:v", bufKbps, "-bf:v", "0",
        ],
        H264Encoder.Nvenc =>
        [
            "-c:v", "h264_nvenc", "-preset:v", "p3", "-tune:v", "ll", "-rc:v", "cbr",
            "-g:v", gop, "-no-scenecut:v", "1", "-forced-idr:v", "1", "-bf:v", "0",
            "-b:v", kbps, "-maxrate:v", kbps, "-bufsize:v", bufKbps,
        ],
        H264Encoder.Qsv =>
        [
            "-c:v", "h264_qsv", "-preset:v", "veryfast", "-g:v", gop, "-look_ahead:v", "0",
            "-idr_interval:v", "0", "-bf:v", "0",
            "-b:v", kbps, "-maxrate:v", kbps, "-bufsize:v", bufKbps,
        ],
        _ =>
        [
            "-c:v", "libx264", "-preset:v", "veryfast", "-tune:v", "zerolatency", "-pix_fmt:v", "yuv420p",
            "-g:v", gop, "-keyint_min:v", gop, "-sc_threshold:v", "0",
            "-b:v", kbps, "-maxrate:v", kbps, "-bufsize:v", bufKbps,
        ],
    };
}
