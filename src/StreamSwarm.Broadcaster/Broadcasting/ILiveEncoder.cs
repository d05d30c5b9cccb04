using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>
/// Produces one rendition live: an init segment, then parts in order, while reporting encoder
/// progress. The production implementation is <see cref="FfmpegLiveEncoder"/> (StreamSwarm.Media's
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

/// <summary>Where an <see cref="ILiveEncoder"/> delivers what it makes. Awaiting applies back-pressure.</summary>
public interface IEncoderSink
{
    ValueTask OnInitSegmentAsync(ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken);

    ValueTask OnPartAsync(PartInfo part, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    void OnSegmentCompleted(long mediaSequence);

    void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps);
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
