using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Ingest;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Broadcasting;

/// <summary>The renditions a broadcast announces and encodes: the <c>--ladder</c> presets, or one <c>main</c> from --size and --bitrate.</summary>
public static class RenditionPlan
{
    /// <summary>Top first.</summary>
    public static IReadOnlyList<LiveRendition> For(GoLiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Ladder is { Count: > 0 } ladder
            ? ladder
            : [new LiveRendition(LiveEncodeSettings.SingleRenditionName, options.Width, options.Height, (int)(options.VideoBitrate / 1000))];
    }

    /// <summary>The session request's renditions: HLS BANDWIDTH is video plus audio bitrate.</summary>
    public static SessionRequest SessionRequest(GoLiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var renditions = For(options);
        var requests = new List<RenditionRequest>(renditions.Count);
        foreach (var r in renditions)
        {
            requests.Add(new RenditionRequest(r.Name, (r.VideoBitrateKbps * 1000L) + GoLiveOptions.Defaults.AudioBitrate, r.Width, r.Height, options.FrameRate));
        }

        return new SessionRequest(requests, options.SegmentSeconds, options.PartSeconds);
    }
}
