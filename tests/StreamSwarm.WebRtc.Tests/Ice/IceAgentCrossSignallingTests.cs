using StreamSwarm.WebRtc.Ice;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Ice;

/// <summary>
/// Two agents whose event handlers call into each other at the same moment (in-process trickle
/// signalling, as RtcPeerConnection pairs in one process do). Each agent is inside its own event
/// flush when it calls the other; neither may wait for the other's flush, or both agents' receive
/// and timer loops stop and ICE never leaves Checking.
/// </summary>
public sealed class IceAgentCrossSignallingTests(ITestOutputHelper output)
{
    private static readonly IceAgentOptions IPv4Loopback = new() { LoopbackOnly = true, EnableIPv6 = false };

    [Fact]
    public async Task HandlersOfBothAgentsSignalEachOtherConcurrently_NoDeadlock_Connects()
    {
        var a = new IceAgent(IPv4Loopback, TimeProvider.System, new TestLogger<IceAgent>(output, "A"));
        var b = new IceAgent(IPv4Loopback, TimeProvider.System, new TestLogger<IceAgent>(output, "B"));
        try
        {
            await ConnectCrossSignallingAsync(a, b);
        }
        finally
        {
            // Bounded: deadlocked agents would never finish disposing; the test must fail, not hang.
            await Task.WhenAll(Task.Run(() => a.DisposeAsync().AsTask()), Task.Run(() => b.DisposeAsync().AsTask())).WaitAsync(IceAgentPair.Timeout);
        }
    }

    private static async Task ConnectCrossSignallingAsync(IceAgent a, IceAgent b)
    {

        // Both handlers meet here before calling across, so both flushes are in progress at once.
        using var bothInHandlers = new Barrier(2);
        int metA = 0, metB = 0;
        a.CandidateGathered += c =>
        {
            if (Interlocked.Exchange(ref metA, 1) == 0)
            {
                bothInHandlers.SignalAndWait(IceAgentPair.Timeout);
            }

            b.AddRemoteCandidate(c.ToString());
        };
        b.CandidateGathered += c =>
        {
            if (Interlocked.Exchange(ref metB, 1) == 0)
            {
                bothInHandlers.SignalAndWait(IceAgentPair.Timeout);
            }

            a.AddRemoteCandidate(c.ToString());
        };

        a.SetRemoteParameters(b.LocalParameters);
        b.SetRemoteParameters(a.LocalParameters);
        await a.StartAsync(IceRole.Controlling);
        await b.StartAsync(IceRole.Controlled);
        await Task.WhenAll(Task.Run(() => a.GatherAsync()), Task.Run(() => b.GatherAsync())).WaitAsync(IceAgentPair.Timeout);
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(IceAgentPair.Timeout);
        Assert.Equal(a.SelectedPair!.Local.Port, b.SelectedPair!.Remote.Port);
    }
}
