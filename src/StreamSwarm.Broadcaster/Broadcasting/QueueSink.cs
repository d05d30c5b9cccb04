using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Status;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>Feeds what the encoder makes into the upload queue of one rendition.</summary>
internal sealed class QueueSink(UploadQueue queue, string rendition, BroadcastStats stats) : IEncoderSink
{
    public ValueTask OnInitSegmentAsync(ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(new InitUpload(rendition, initSegment), cancellationToken);

    public ValueTask OnPartAsync(PartInfo part, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        stats.OnPartProduced(rendition, body.Length, part.DurationSeconds);
        return queue.EnqueueAsync(new PartUpload(rendition, part, body), cancellationToken);
    }

    public void OnSegmentCompleted(long mediaSequence)
    {
        // Segments are counted when their first part reaches the server (BroadcastStats.OnPartSent).
    }

    public void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps) =>
        stats.OnEncoderProgress(rendition, framesPerSecond, speed, bitrateKbps);
}
