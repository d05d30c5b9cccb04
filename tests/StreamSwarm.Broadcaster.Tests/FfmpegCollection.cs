namespace StreamSwarm.Broadcaster.Tests;

/// <summary>
/// Tests that run a realtime ffmpeg encode share this collection so they run one after another:
/// two 720p encodes side by side on a 2-core machine fall behind realtime and the timings lie.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FfmpegCollection
{
    public const string Name = "ffmpeg";
}
