using Microsoft.Extensions.Logging.Abstractions;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Status;
using StreamSwarm.Broadcaster.Tests.Fakes;

namespace StreamSwarm.Broadcaster.Tests.Ingest;

public sealed class UploadQueueTests
{
    [Fact]
    public async Task SlowServer_MakesTheProducerWait_MemoryStaysBounded()
    {
        using var server = new FakeIngestServer { Latency = TimeSpan.FromMilliseconds(200) };
        using var http = new HttpClient(server);
        var stats = new BroadcastStats(TimeProvider.System);
        var queue = new UploadQueue(
            new IngestClient(http, new Uri("http://ingest.test/"), "k", "demo"),
            "s1",
            new UploadQueueOptions { Capacity = 2 },
            stats,
            NullLogger.Instance,
            TimeProvider.System);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var consumer = queue.RunAsync(cts.Token);

        var enqueued = 0;
        var producer = Task.Run(async () =>
        {
            for (var n = 0; n < 8; n++)
            {
                var body = new byte[] { (byte)n };
                await queue.EnqueueAsync(new PartUpload("main", ScriptedEncoder.Part(n / 4, n % 4, body), body), cts.Token);
                Interlocked.Increment(ref enqueued);
            }
        });

        await Task.Delay(300);
        // One in flight plus two waiting; the producer is held at the third item.
        Assert.InRange(Volatile.Read(ref enqueued), 2, 4);
        Assert.InRange(queue.Count, 0, 2);

        await producer;
        queue.Complete();
        await consumer;
        Assert.Equal(8, stats.Take().PartsSent);
        Assert.Equal(2, stats.Take().Segments);
    }
}
