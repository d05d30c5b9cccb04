using System.Globalization;
using System.Text;
using StreamSwarm.Server.Window;

namespace StreamSwarm.Server.Hls;

/// <summary>Writes the multivariant playlist of a stream: one EXT-X-STREAM-INF per rendition whose init segment arrived.</summary>
public static class MasterPlaylistWriter
{
    /// <summary>Null when no rendition has an init segment yet (nothing to play).</summary>
    public static string? Write(StreamWindow stream)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(512);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        var any = false;
        foreach (var r in stream.Renditions)
        {
            if (r.InitInfo is not { } init)
            {
                continue;
            }

            any = true;
            sb.Append(inv, $"#EXT-X-STREAM-INF:BANDWIDTH={r.Spec.Bandwidth},CODECS=\"{init.Codecs}\"");
            var width = init.Width > 0 ? init.Width : r.Spec.Width;
            var height = init.Height > 0 ? init.Height : r.Spec.Height;
            if (width > 0 && height > 0)
            {
                sb.Append(inv, $",RESOLUTION={width}x{height}");
            }

            if (r.Spec.FrameRate > 0)
            {
                sb.Append(inv, $",FRAME-RATE={r.Spec.FrameRate:0.000}");
            }

            sb.Append('\n').Append(r.Spec.Name).Append("/index.m3u8\n");
        }

        return any ? sb.ToString() : null;
    }
}
