using System.Runtime.CompilerServices;

namespace StreamSwarm.WebRtc.Tests.Ice;

internal static class ThreadPoolWarmup
{
    [ModuleInitializer]
    internal static void Init() => ThreadPool.SetMinThreads(32, 32);
}
