namespace StreamSwarm.Media.Ffmpeg;

/// <summary>How to find, feed and stop an ffmpeg process.</summary>
public sealed record FfmpegProcessOptions
{
    /// <summary>Path of the ffmpeg executable. Default null: the first <c>ffmpeg</c> on PATH.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>True when the arguments read media from <c>pipe:0</c> (PCM audio): <see cref="FfmpegProcess.Input"/>
    /// is then available, and stopping closes it. False: stopping sends ffmpeg's 'q' command. Default false.</summary>
    public bool StdinIsMediaInput { get; init; }

    /// <summary>How long a stop waits for ffmpeg to finish its output before killing it. Default 5 s.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many non-progress stderr lines to keep for error reports. Default 20.</summary>
    public int StderrTailLines { get; init; } = 20;

    /// <summary>Size of the stdout pipe's read buffer. Default 64 KiB.</summary>
    public int OutputBufferBytes { get; init; } = 64 * 1024;
}
