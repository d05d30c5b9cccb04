using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// Produces the renditions live: for each an init segment, then parts in order, while reporting
/// encoder progress. The production implementation is <see cref="FfmpegLiveEncoder"/> (StreamSwarm.Media's
/// ffmpeg driver and segmenter); tests substitute a scripted one.
/// </summary>
public interface ILiveEncoder
{
    /// <summary>
    /// Runs until the source ends (returns normally), <paramref name="cancellationToken"/> is
    /// cancelled (stops the encoder, then returns or throws <see cref="OperationCanceledException"/>),
    /// or the encoder fails (<see cref="LiveEncoderException"/>).
    /// </summary>
    Task RunAsync(IEncoderSink sink, CancellationToken cancellationToken);
}

/// <summary>
/// Where an <see cref="ILiveEncoder"/> delivers what it makes, per rendition (named as in the
/// session: <c>main</c>, or the ladder's <c>720p</c>, <c>360p</c>...). Awaiting applies back-pressure.
/// </summary>
public interface IEncoderSink
{
    /// <summary>A rendition's init segment: first, and again after the encoder restarted.</summary>
    ValueTask OnInitSegmentAsync(string rendition, ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken);

    /// <summary>One part. <paramref name="discontinuity"/> marks the first part after an encoder restart.</summary>
    ValueTask OnPartAsync(string rendition, PartInfo part, ReadOnlyMemory<byte> body, bool discontinuity, CancellationToken cancellationToken);

    void OnSegmentCompleted(string rendition, long mediaSequence);

    void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps);

    /// <summary>Something the person streaming should read (encoder chosen, encoder restarted): one line.</summary>
    void OnNotice(string message);
}

/// <summary>The encoder could not run or stopped with an error; the message says what to do.</summary>
public sealed class LiveEncoderException : Exception
{
    public LiveEncoderException()
    {
    }

    public LiveEncoderException(string message)
        : base(message)
    {
    }

    public LiveEncoderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
