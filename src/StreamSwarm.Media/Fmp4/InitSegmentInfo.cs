namespace StreamSwarm.Media.Fmp4;

/// <summary>What an init segment (ftyp + moov) says about the stream.</summary>
public sealed class InitSegmentInfo
{
    public InitSegmentInfo(IReadOnlyList<TrackInfo> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        Tracks = tracks;
        var codecs = new System.Text.StringBuilder();
        for (var i = 0; i < tracks.Count; i++)
        {
            var t = tracks[i];
            if (t.Kind == TrackKind.Video && Video is null)
            {
                Video = t;
            }
            else if (t.Kind == TrackKind.Audio && Audio is null)
            {
                Audio = t;
            }

            if (t.IsPlayable)
            {
                if (codecs.Length > 0)
                {
                    codecs.Append(',');
                }

                codecs.Append(t.Codec);
            }
        }

        Codecs = codecs.ToString();
    }

    public IReadOnlyList<TrackInfo> Tracks { get; }

    /// <summary>The first video track, if any.</summary>
    public TrackInfo? Video { get; }

    /// <summary>The first audio track, if any.</summary>
    public TrackInfo? Audio { get; }

    /// <summary>The HLS <c>CODECS</c> attribute: playable tracks' codec strings in track order, e.g. <c>avc1.64001f,mp4a.40.2</c>.</summary>
    public string Codecs { get; }

    /// <summary>Width of the first video track, 0 without video.</summary>
    public int Width => Video?.Width ?? 0;

    /// <summary>Height of the first video track, 0 without video.</summary>
    public int Height => Video?.Height ?? 0;

    public TrackInfo? FindTrack(uint trackId)
    {
        for (var i = 0; i < Tracks.Count; i++)
        {
            if (Tracks[i].TrackId == trackId)
            {
                return Tracks[i];
            }
        }

        return null;
    }
}
