namespace StreamSwarm.Media.Ffmpeg;

/// <summary>The ffmpeg executable could not be found or started.</summary>
public sealed class FfmpegNotFoundException : Exception
{
    public FfmpegNotFoundException()
        : this("ffmpeg was not found. Install it (Debian/Ubuntu: apt-get install ffmpeg) or set FfmpegProcessOptions.ExecutablePath.")
    {
    }

    public FfmpegNotFoundException(string message)
        : base(message)
    {
    }

    public FfmpegNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>ffmpeg exited with a non-zero code that this process did not cause by stopping it.</summary>
public sealed class FfmpegExitException : Exception
{
    public FfmpegExitException()
        : this(-1, [])
    {
    }

    public FfmpegExitException(string message)
        : base(message)
    {
        StderrTail = [];
    }

    public FfmpegExitException(string message, Exception innerException)
        : base(message, innerException)
    {
        StderrTail = [];
    }

    public FfmpegExitException(int exitCode, IReadOnlyList<string> stderrTail)
        : base(BuildMessage(exitCode, stderrTail))
    {
        ExitCode = exitCode;
        StderrTail = stderrTail;
    }

    public int ExitCode { get; }

    /// <summary>The last lines ffmpeg wrote to stderr (progress lines excluded).</summary>
    public IReadOnlyList<string> StderrTail { get; }

    private static string BuildMessage(int exitCode, IReadOnlyList<string> tail)
    {
        var text = $"ffmpeg exited with code {exitCode}.";
        if (tail is { Count: > 0 })
        {
            text += " Last stderr lines:" + Environment.NewLine + string.Join(Environment.NewLine, tail);
        }

        return text;
    }
}
