using System.Runtime.InteropServices;

namespace StreamSwarm.Broadcaster;

/// <summary>
/// A non-interactive shell starts background jobs (<c>cmd &amp;</c>) with SIGINT ignored, and .NET
/// then leaves SIGINT alone, so <c>kill -INT</c> from a script (scripts/live.sh, the test rigs)
/// would do nothing. SIGINT is how those scripts ask for a clean end, so restore its default
/// disposition before registering our handler.
/// </summary>
internal static partial class IgnoredSignals
{
    private const int SigInt = 2;

    public static void RestoreSigInt()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            _ = Signal(SigInt, IntPtr.Zero); // SIG_DFL
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);
}
