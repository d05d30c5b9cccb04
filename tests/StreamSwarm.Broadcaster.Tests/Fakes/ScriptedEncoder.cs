using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Tests.Fakes;

/// <summary>
/// An encoder that makes an init segment per rendition and then parts of fake bytes at a fixed pace,
/// like ffmpeg with -re; <see cref="PartCount"/> parts per rendition then the source ends (null: until cancelled).
/// </summary>
internal sealed class ScriptedEncoder : ILiveEncoder
{
    public int? PartCount { get; init; }

    public int PartsPerSegment { get; init; } = 4;

    public TimeSpan PartInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    public Exception? FailWith { get; init; }

    public IReadOnlyList<string> Renditions { get; init; } = ["main"];

    public int PartsMade { get; private set; }

    /// <summary>How long <see cref="PrepareAsync"/> takes (the encoder probe). Default none.</summary>
    public TimeSpan PrepareTime { get; init; }

    /// <summary>Thrown by <see cref="PrepareAsync"/>, like a hardware encoder that fails its test.</summary>
    public Exception? PrepareFailsWith { get; init; }

    /// <summary>True once <see cref="PrepareAsync"/> has finished.</summary>
    public bool Prepared { get; private set; }

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (PrepareTime > TimeSpan.Zero)
        {
            await Task.Delay(PrepareTime, cancellationToken);
        }

        if (PrepareFailsWith is not null)
        {
            throw PrepareFailsWith;
        }

        Prepared = true;
    }

    public static PartInfo Part(long msn, int index, byte[] body) =>
        new(msn, index, 0.5, index == 0, new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero).AddSeconds((msn * 4 + index) * 0.5), ContentHash.Of(body));

    public async Task RunAsync(IEncoderSink sink, CancellationToken cancellationToken)
    {
        if (FailWith is not null)
        {
            throw FailWith;
        }

        foreach (var rendition in Renditions)
        {
            await sink.OnInitSegmentAsync(rendition, new byte[] { 1, 2, 3 }, cancellationToken);
        }

        for (var n = 0; PartCount is null || n < PartCount; n++)
        {
            await Task.Delay(PartInterval, cancellationToken);
            foreach (var rendition in Renditions)
            {
                var body = new byte[] { (byte)n, 0xAA, (byte)rendition.Length };
                await sink.OnPartAsync(rendition, Part(n / PartsPerSegment, n % PartsPerSegment, body), body, false, cancellationToken);
            }

            sink.OnProgress(30, 1.0, 2500);
            PartsMade++;
        }
    }
}
