using System.Globalization;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>The kind of live picture ffmpeg captures.</summary>
public enum CaptureKind : byte
{
    Unknown = 0,

    /// <summary>A webcam or capture card through Video4Linux2 (<c>-f v4l2 -i /dev/video0</c>).</summary>
    V4l2,

    /// <summary>An X11 screen (<c>-f x11grab -i :0.0</c>), the whole screen, scaled to the ladder.</summary>
    X11Grab,
}

/// <summary>
/// A live capture device read by ffmpeg. It is real time by nature, so no <c>-re</c>; a larger
/// thread queue keeps a slow encoder start from dropping the first captured frames.
/// </summary>
public sealed record CaptureSource(CaptureKind Kind, string Device) : VideoSource
{
    /// <summary>ffmpeg's name of the input device (as <c>ffmpeg -devices</c> lists it).</summary>
    public string Demuxer => Kind switch
    {
        CaptureKind.V4l2 => "v4l2",
        CaptureKind.X11Grab => "x11grab",
        _ => throw new InvalidOperationException($"Unknown capture kind {Kind}."),
    };

    /// <summary>The input options and <c>-i</c> of this capture at <paramref name="frameRate"/>.</summary>
    public IReadOnlyList<string> InputArguments(int frameRate)
    {
        var rate = frameRate.ToString(CultureInfo.InvariantCulture);
        return ["-thread_queue_size", "512", "-f", Demuxer, "-framerate", rate, "-i", Device];
    }
}
