using StreamSwarm.Broadcaster.Status;

namespace StreamSwarm.Broadcaster.Tests.Status;

public sealed class BroadcastStatsTests
{
    [Fact]
    public void LadderUploadsInterleaved_CountEachSegmentOnce()
    {
        var stats = new BroadcastStats(TimeProvider.System);
        // Two renditions, 3 parts a segment, their upload loops interleaving part by part.
        for (var msn = 10; msn < 14; msn++)
        {
            for (var part = 0; part < 3; part++)
            {
                stats.OnPartSent("720p", msn, 1_000, TimeSpan.FromMilliseconds(5));
                stats.OnPartSent("360p", msn, 400, TimeSpan.FromMilliseconds(5));
            }
        }

        var snapshot = stats.Take();
        Assert.Equal(4, snapshot.Segments);
        Assert.Equal(24, snapshot.PartsSent);
        Assert.Equal(4 * 3 * 1_400, snapshot.BytesSent);
    }

    [Fact]
    public void ARenditionLaggingASegmentBehind_DoesNotCountItsSegmentsAgain()
    {
        var stats = new BroadcastStats(TimeProvider.System);
        // 360p's loop runs one segment behind 720p's: the old single "last sequence" flipped on every part.
        stats.OnPartSent("720p", 0, 1, TimeSpan.Zero);
        for (var msn = 1; msn < 5; msn++)
        {
            for (var part = 0; part < 4; part++)
            {
                stats.OnPartSent("720p", msn, 1, TimeSpan.Zero);
                stats.OnPartSent("360p", msn - 1, 1, TimeSpan.Zero);
            }
        }

        Assert.Equal(5, stats.Take().Segments);
    }

    [Fact]
    public void OneRendition_CountsASegmentWhenItsFirstPartIsSent()
    {
        var stats = new BroadcastStats(TimeProvider.System);

        stats.OnPartSent("main", 0, 1, TimeSpan.Zero);
        Assert.Equal(1, stats.Take().Segments);
        stats.OnPartSent("main", 0, 1, TimeSpan.Zero);
        Assert.Equal(1, stats.Take().Segments);
        stats.OnPartSent("main", 1, 1, TimeSpan.Zero);
        Assert.Equal(2, stats.Take().Segments);
    }
}
