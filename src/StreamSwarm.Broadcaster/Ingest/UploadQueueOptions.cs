namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>Knobs of <see cref="UploadQueue"/>; each states its default.</summary>
public sealed record UploadQueueOptions
{
    /// <summary>
    /// Pieces waiting for upload before the producer (the segmenter, hence ffmpeg) is made to wait.
    /// By default 16: 8 s of 0.5 s parts, about 2.5 MB at 2.5 Mbit/s.
    /// </summary>
    public int Capacity { get; init; } = 16;

    /// <summary>First retry delay after a transient failure; doubles per attempt. By default 250 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between retries. By default 4 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long one piece may keep failing transiently before the broadcast gives up.
    /// By default 60 s: longer than the server's 10 s idle timeout, so a session lost to an outage
    /// surfaces as a clear 409 rather than silence.
    /// </summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxOutage, TimeSpan.Zero);
    }
}
