namespace StreamSwarm.Broadcaster.Cli;

/// <summary>What the broadcaster encodes: the synthetic test pattern, or a media file.</summary>
public abstract record BroadcastSource
{
    private BroadcastSource()
    {
    }

    /// <summary>ffmpeg's moving test pattern with a burned-in wall clock and a 1 kHz tone.</summary>
    public sealed record TestPattern : BroadcastSource
    {
        public override string ToString() => "testsrc";
    }

    /// <summary>A live capture device read by ffmpeg: a webcam (<c>v4l2:/dev/video0</c>) or a screen (<c>x11grab::0</c>).</summary>
    public sealed record Capture(StreamSwarm.Media.Ffmpeg.CaptureKind Kind, string Device) : BroadcastSource
    {
        public override string ToString() => Kind == StreamSwarm.Media.Ffmpeg.CaptureKind.V4l2 ? $"v4l2:{Device}" : $"x11grab:{Device}";
    }

    /// <summary>A media file on disk, optionally looped forever.</summary>
    public sealed record File(string Path, bool Loop) : BroadcastSource
    {
        public override string ToString() => Loop ? $"file:{Path} (loop)" : $"file:{Path}";
    }
}
