using System.Runtime.InteropServices;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>kill(2) for asking a child ffmpeg to finish; .NET's Process only kills.</summary>
internal static partial class PosixSignals
{
    private const int SigInt = 2;

    /// <summary>Sends SIGINT on Linux, macOS and FreeBSD; returns false elsewhere or when the process is gone.</summary>
    public static bool Interrupt(int pid)
    {
        if (pid <= 0 || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return false;
        }

        return Kill(pid, SigInt) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
