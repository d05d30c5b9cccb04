using System.Runtime.CompilerServices;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>
/// On these 2-core machines the xunit v2 host keeps pool threads blocked while an async test
/// awaits: a bare 50 ms <see cref="PeriodicTimer"/> in an otherwise empty test measured one tick
/// ~1 s late (3 pool threads, work items pending). Real-time protocol timers (ICE pacing, consent)
/// then stall, so the test assembly raises the pool's minimum instead of stretching timeouts.
/// </summary>
internal static class ThreadPoolWarmup
{
    [ModuleInitializer]
    internal static void Init() => ThreadPool.SetMinThreads(32, 32);
}
