using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.WebRtc.Sctp;
using Xunit.Abstractions;

namespace StreamSwarm.WebRtc.Tests.Sctp;

/// <summary>Real loops on the thread pool and real time: the production configuration, minus DTLS.</summary>
public class SctpThroughputTests
{
    private readonly ITestOutputHelper _output;

    public SctpThroughputTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task RealLoops_CleanLink_64MiBOf64KiBMessages()
    {
        ThreadPool.GetMinThreads(out int worker, out int io);
        ThreadPool.SetMinThreads(Math.Max(worker, 16), io);
        var link = new InMemoryLink();
        await using var a = new SctpAssociation(link.A, new SctpOptions(), NullLogger.Instance, TimeProvider.System);
        await using var b = new SctpAssociation(link.B, new SctpOptions(), NullLogger.Instance, TimeProvider.System);
        const int count = 1024;
        const int size = 64 * 1024;
        long receivedBytes = 0;
        var received = 0;
        var ordered = true;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, _, data) =>
        {
            ordered &= BitConverter.ToInt32(data.Span) == received;
            receivedBytes += data.Length;
            if (++received == count)
            {
                done.TrySetResult();
            }
        };
        using var low = new SemaphoreSlim(0);
        a.SetBufferedAmountLowThreshold(1, 1024 * 1024);
        a.BufferedAmountLow += _ => low.Release();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Task.WhenAll(a.StartAsync(cts.Token), b.StartAsync(cts.Token));
        var message = new byte[size];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(message, i);
            while (a.GetBufferedAmount(1) > 4 * 1024 * 1024)
            {
                await low.WaitAsync(TimeSpan.FromMilliseconds(50), cts.Token);
            }

            Assert.True(a.Send(1, 53, message));
        }

        await done.Task.WaitAsync(cts.Token);
        watch.Stop();
        Assert.True(ordered);
        Assert.Equal((long)count * size, receivedBytes);
        double mbit = receivedBytes * 8 / watch.Elapsed.TotalSeconds / 1e6;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        _output.WriteLine($"real loops: 64 MiB in {watch.Elapsed.TotalMilliseconds:F0} ms: {mbit:F0} Mbit/s ({receivedBytes / watch.Elapsed.TotalSeconds / (1 << 20):F1} MiB/s), {link.Delivered} datagrams, process CPU {cpu.TotalMilliseconds:F0} ms");
        await a.ShutdownAsync(cts.Token);
        while (b.State != SctpAssociationState.Closed)
        {
            await Task.Delay(10, cts.Token);
        }
    }

    [Fact]
    public async Task ManualPump_CleanLink_64MiBOf64KiBMessages_ProtocolCpuCost()
    {
        var link = new InMemoryLink();
        var largest = 0;
        link.Tamper = p =>
        {
            largest = Math.Max(largest, p.Length);
            return p;
        };
        await using var pair = new SctpPair(link);
        pair.Connect();
        var message = new byte[64 * 1024];
        long received = 0;
        pair.B.MessageReceived += (_, _, d) => received += d.Length;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 1024; i++)
        {
            Assert.True(pair.A.Send(1, 53, message));
            if (i % 16 == 15)
            {
                pair.RunUntil(() => pair.A.GetBufferedAmount(1) == 0);
            }
        }

        Assert.True(pair.RunUntil(() => received == 1024L * 64 * 1024));
        Assert.InRange(largest, 1100, 1191);
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        _output.WriteLine($"one thread, fake time: 64 MiB in {watch.Elapsed.TotalMilliseconds:F0} ms: {received * 8 / watch.Elapsed.TotalSeconds / 1e6:F0} Mbit/s, process CPU {cpu.TotalMilliseconds:F0} ms ({received * 8 / cpu.TotalSeconds / 1e6:F0} Mbit/s per CPU-second, both ends)");
    }
}
