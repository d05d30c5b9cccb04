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
        // Fake time: the parts' age and the back-off delays move only when the test says so.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var down = true;
        using var server = new FakeIngestServer { Script = (_, _) => Volatile.Read(ref down) ? new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) : null };
        using var http = new HttpClient(server);
        var stats = new BroadcastStats(time);
        var notices = new List<string>();
        using var session = new IngestSession("s1");
        var queue = new UploadQueue(
            new IngestClient(http, new Uri("http://ingest.test/"), "k", "demo"),
            session,
            new UploadQueueOptions { OutageBuffer = TimeSpan.FromSeconds(1), InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(200) },
            stats,
            NullLogger.Instance,
            time,
            line =>
            {
                lock (notices)
                {
                    notices.Add(line);
                }
            });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var consumer = queue.RunAsync(cts.Token);

        // Two segments made while the server is down; the producer never waits.
        for (var n = 0; n < 8; n++)
        {
            var body = new byte[] { (byte)n };
            await queue.EnqueueAsync(new PartUpload("main", ScriptedEncoder.Part(n / 4, n % 4, body), body), cts.Token);
        }

        while (queue.Dropped < 8)
        {
            cts.Token.ThrowIfCancellationRequested();
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(5, cts.Token);
        }

        // The server is back: the next segment goes through, marked as a discontinuity.
        Volatile.Write(ref down, false);
        for (var n = 8; n < 12; n++)
        {
            var body = new byte[] { (byte)n };
            await queue.EnqueueAsync(new PartUpload("main", ScriptedEncoder.Part(n / 4, n % 4, body), body), cts.Token);
        }

        queue.Complete();
        await consumer;

        var stored = server.Requests.Where(r => r.Method == "PUT" && !Volatile.Read(ref down)).ToList();
        var sent = stored.Where(r => r.Header("X-Discontinuity") is not null || r.Path.Contains("/parts/2/", StringComparison.Ordinal)).Select(r => r.Path[(r.Path.IndexOf("/parts/", StringComparison.Ordinal) + 7)..]).Distinct().ToList();
        Assert.Equal(8, queue.Dropped);
        Assert.Equal(4, stats.Take().PartsSent);
        Assert.Equal(["2/0", "2/1", "2/2", "2/3"], sent);
        var first = server.Requests.Single(r => r.Path.EndsWith("/parts/2/0", StringComparison.Ordinal));
        Assert.Equal("true", first.Header("X-Discontinuity"));
        Assert.Contains(notices, l => l.Contains("dropping parts older than 1 s (--outage-buffer)", StringComparison.Ordinal));
        Assert.Contains(notices, l => l.Contains("takes main uploads again", StringComparison.Ordinal) && l.Contains("8 parts older than 1 s were dropped", StringComparison.Ordinal));
    }
}
