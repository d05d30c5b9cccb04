using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Broadcaster.Status;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// Feeds what the encoder makes into the upload queue of each rendition, and the top rendition into
/// the local recording when there is one.
/// </summary>
internal sealed class QueueSink(
    IReadOnlyDictionary<string, UploadQueue> queues,
    BroadcastStats stats,
    Action<string> notice,
    Mp4Recorder? recorder = null) : IEncoderSink
{
    public async ValueTask OnInitSegmentAsync(string rendition, ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken)
    {
        if (recorder is not null && recorder.Rendition == rendition)
        {
            await recorder.OnInitSegmentAsync(initSegment, cancellationToken);
        }

        await Queue(rendition).EnqueueAsync(new InitUpload(rendition, initSegment), cancellationToken);
    }

    public async ValueTask OnPartAsync(string rendition, PartInfo part, ReadOnlyMemory<byte> body, bool discontinuity, CancellationToken cancellationToken)
    {
        if (recorder is not null && recorder.Rendition == rendition)
        {
            await recorder.OnPartAsync(body, cancellationToken);
        }

        await Queue(rendition).EnqueueAsync(new PartUpload(rendition, part, body, discontinuity), cancellationToken);
    }

    public void OnSegmentCompleted(string rendition, long mediaSequence)
    {
        // Segments are counted when their first part reaches the server (BroadcastStats.OnPartSent).
    }

    public void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps) =>
        stats.OnEncoderProgress(framesPerSecond, speed, bitrateKbps);

    public void OnNotice(string message) => notice(message);

    private UploadQueue Queue(string rendition) =>
        queues.TryGetValue(rendition, out var queue)
            ? queue
            : throw new InvalidOperationException($"The encoder made rendition '{rendition}', which the session does not have.");
}
