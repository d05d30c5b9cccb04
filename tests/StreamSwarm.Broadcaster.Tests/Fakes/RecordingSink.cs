using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Tests.Fakes;

/// <summary>Keeps everything an encoder hands on, in order.</summary>
internal sealed class RecordingSink : IEncoderSink
{
    private readonly Lock _gate = new();

    public List<object> Items { get; } = [];

    public List<(PartInfo Info, byte[] Body)> Parts { get; } = [];

    public double MaxFps { get; private set; }

    /// <summary>Cancelled once <see cref="StopAfterParts"/> parts have arrived.</summary>
    public CancellationTokenSource Enough { get; } = new();

    public int StopAfterParts { get; init; } = int.MaxValue;

    public ValueTask OnInitSegmentAsync(ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Items.Add(initSegment.ToArray());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnPartAsync(PartInfo part, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Items.Add(part);
            Parts.Add((part, body.ToArray()));
            if (Parts.Count >= StopAfterParts)
            {
                Enough.Cancel();
            }
        }

        return ValueTask.CompletedTask;
    }

    public void OnSegmentCompleted(long mediaSequence)
    {
    }

    public void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps)
    {
        if (framesPerSecond is { } fps && fps > MaxFps)
        {
            MaxFps = fps;
        }
    }
}
