namespace StreamSwarm.Broadcaster.Cli;

/// <summary>Process exit codes of <c>streamswarm</c>; scripts branch on them.</summary>
public static class ExitCodes
{
    /// <summary>The stream ran and ended cleanly (duration reached, Ctrl+C, end of a file).</summary>
    public const int Ok = 0;

    /// <summary>The broadcast failed: server unreachable, key refused, ffmpeg failed, upload rejected.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: missing or malformed option, unknown source, unreadable file.</summary>
    public const int Usage = 2;

    /// <summary>A second Ctrl+C forced the process to exit without a clean end (128 + SIGINT).</summary>
    public const int Forced = 130;
}
