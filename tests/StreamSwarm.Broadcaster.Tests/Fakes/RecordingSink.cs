using StreamSwarm.Broadcaster.Broadcasting;
using StreamSwarm.Core.Media;

namespace StreamSwarm.Broadcaster.Tests.Fakes;

/// <summary>Keeps everything an encoder hands on, in order.</summary>
internal sealed class RecordingSink : IEncoderSink
{
    private readonly Lock _gate = new();

    public List<object> Items { get; } = [];

    /// <summary>Parts of every rendition in arrival order.</summary>
    public List<RecordedPart> AllParts { get; } = [];

    /// <summary>Parts of the first rendition that made one (the only one without a ladder).</summary>
    public List<(PartInfo Info, byte[] Body)> Parts { get; } = [];

    public List<(string Rendition, byte[] Bytes)> Inits { get; } = [];

    public List<string> Notices { get; } = [];

    public double MaxFps { get; private set; }

    /// <summary>Cancelled once <see cref="StopAfterParts"/> parts of the first rendition have arrived.</summary>
    public CancellationTokenSource Enough { get; } = new();

    public int StopAfterParts { get; init; } = int.MaxValue;

    /// <summary>Called (outside the lock) after each part is recorded.</summary>
    public Action<RecordedPart>? OnPart { get; init; }

    public ValueTask OnInitSegmentAsync(string rendition, ReadOnlyMemory<byte> initSegment, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Items.Add(initSegment.ToArray());
            Inits.Add((rendition, initSegment.ToArray()));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnPartAsync(string rendition, PartInfo part, ReadOnlyMemory<byte> body, bool discontinuity, CancellationToken cancellationToken)
    {
        var recorded = new RecordedPart(rendition, part, body.ToArray(), discontinuity);
        lock (_gate)
        {
            AllParts.Add(recorded);
            if (AllParts[0].Rendition == rendition)
            {
                Items.Add(part);
                Parts.Add((part, recorded.Body));
                if (Parts.Count >= StopAfterParts)
                {
                    Enough.Cancel();
                }
            }
        }

        OnPart?.Invoke(recorded);
        return ValueTask.CompletedTask;
    }

    public void OnSegmentCompleted(string rendition, long mediaSequence)
    {
    }

    public void OnProgress(double? framesPerSecond, double? speed, double? bitrateKbps)
    {
        if (framesPerSecond is { } fps && fps > MaxFps)
        {
            MaxFps = fps;
        }
    }

    public void OnNotice(string message)
    {
        lock (_gate)
        {
            Notices.Add(message);
        }
    }
}

internal sealed record RecordedPart(string Rendition, PartInfo Info, byte[] Body, bool Discontinuity);
