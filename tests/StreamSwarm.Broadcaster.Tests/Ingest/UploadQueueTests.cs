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
        using var session = new IngestSession("s1");
        var queue = new UploadQueue(
            new IngestClient(http, new Uri("http://ingest.test/"), "k", "demo"),
            session,
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

    [Fact]
    public async Task ServerDown_KeepsPartsForTheOutageBuffer_DropsOlderOnes_ResumesAtASegmentStart()
    {
        // The server refuses everything for 1.2 s; parts older than 0.5 s are dropped meanwhile.
        var down = DateTime.UtcNow.AddSeconds(1.2);
        using var server = new FakeIngestServer { Script = (_, _) => DateTime.UtcNow < down ? new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) : null };
        using var http = new HttpClient(server);
        var stats = new BroadcastStats(TimeProvider.System);
        var notices = new List<string>();
        using var session = new IngestSession("s1");
        var queue = new UploadQueue(
            new IngestClient(http, new Uri("http://ingest.test/"), "k", "demo"),
            session,
            new UploadQueueOptions { OutageBuffer = TimeSpan.FromMilliseconds(500), InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(50) },
            stats,
            NullLogger.Instance,
            TimeProvider.System,
            line =>
            {
                lock (notices)
                {
                    notices.Add(line);
                }
            });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var consumer = queue.RunAsync(cts.Token);

        // 2.4 s of 0.1 s parts, 4 per segment; the producer never waits.
        for (var n = 0; n < 24; n++)
        {
            var body = new byte[] { (byte)n };
            await queue.EnqueueAsync(new PartUpload("main", ScriptedEncoder.Part(n / 4, n % 4, body), body), cts.Token);
            await Task.Delay(100, cts.Token);
        }

        queue.Complete();
        await consumer;

        var sent = server.Requests.Where(r => r.Method == "PUT").GroupBy(r => r.Path).Select(g => g.Key[(g.Key.IndexOf("/parts/", StringComparison.Ordinal) + 7)..]).ToList();
        Assert.True(queue.Dropped > 0, "old parts were dropped");
        Assert.Equal(24, queue.Dropped + stats.Take().PartsSent);
        // The first part through after the drop starts a segment and is marked.
        var resumed = server.Requests.First(r => r.Method == "PUT" && r.Header("X-Discontinuity") == "true");
        Assert.EndsWith("/0", resumed.Path, StringComparison.Ordinal);
        Assert.Contains(notices, l => l.Contains("dropping parts older than", StringComparison.Ordinal));
        Assert.Contains(notices, l => l.Contains("takes main uploads again", StringComparison.Ordinal));
        Assert.Equal("5/3", sent[^1]);
    }
}
