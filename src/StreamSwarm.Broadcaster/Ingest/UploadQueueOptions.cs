namespace StreamSwarm.Broadcaster.Ingest;

/// <summary>Knobs of <see cref="UploadQueue"/>; each states its default.</summary>
public sealed record UploadQueueOptions
{
    /// <summary>
    /// Pieces of one rendition waiting for upload before the producer (the segmenter, hence ffmpeg) is
    /// made to wait. A safety bound only: <see cref="OutageBuffer"/> drops old parts long before it.
    /// By default 2048 (over 15 minutes of 0.5 s parts).
    /// </summary>
    public int Capacity { get; init; } = 2048;

    /// <summary>
    /// How old a part may get while waiting for the server (unreachable, failing, or too slow) before
    /// it is dropped instead of sent: a live stream is worth little minutes late, and memory stays
    /// bounded by time times bitrate. After a drop the rendition goes on from the next segment, marked
    /// as a discontinuity. Init segments are never dropped. By default 30 s.
    /// </summary>
    public TimeSpan OutageBuffer { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay after a transient failure; doubles per attempt. By default 250 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between retries. By default 4 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long uploads may keep failing transiently, with nothing getting through, before the
    /// broadcast gives up. By default 5 minutes: a server restart or a network blip is ridden out,
    /// a server that is gone for good ends the broadcast with a clear message.
    /// </summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromMinutes(5);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(OutageBuffer, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxOutage, TimeSpan.Zero);
    }
}
