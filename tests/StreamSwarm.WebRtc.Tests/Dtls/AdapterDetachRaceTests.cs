using StreamSwarm.WebRtc.Dtls;
using StreamSwarm.WebRtc.Ice;

namespace StreamSwarm.WebRtc.Tests.Dtls;

/// <summary>
/// The DTLS adapter detaching from the ICE transport while the ICE receive loop delivers into it:
/// the two layers' locks must never be taken in opposite orders.
/// </summary>
public sealed class AdapterDetachRaceTests
{
    [Fact]
    public async Task AdapterClose_WhileIceDelivers_NeverDeadlocks()
    {
        var agent = new IceAgent(new IceAgentOptions { LoopbackOnly = true, EnableIPv6 = false });
        var ice = (IceTransport)agent.Transport;
        using var stop = new CancellationTokenSource();
        byte[] record = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
        var delivering = Task.Factory.StartNew(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    ice.Deliver(record);
                }
            },
            TaskCreationOptions.LongRunning);
        var closing = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < 200_000; i++)
                {
                    var adapter = new BcDatagramAdapter(ice, 4);
                    adapter.Close();
                }
            },
            TaskCreationOptions.LongRunning);
        var finished = await Task.WhenAny(closing, Task.Delay(TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        Assert.True(finished == closing, "the adapter's close and the ICE delivery deadlocked");
        await delivering.WaitAsync(TimeSpan.FromSeconds(10));
        await agent.DisposeAsync();
    }
}
