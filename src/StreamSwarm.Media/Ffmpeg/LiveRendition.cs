namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// One output of a live encode: its HLS rendition name (<c>720p</c>), picture size and video bitrate.
/// Every rendition of one encode shares the source, frame rate, GOP and audio.
/// </summary>
public sealed record LiveRendition(string Name, int Width, int Height, int VideoBitrateKbps)
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for sizes H.264 4:2:0 cannot carry or bitrates out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Name))
        {
            throw new ArgumentException("A rendition needs a name.", nameof(Name));
        }

        if (Width is < 16 or > 7680 || Height is < 16 or > 4320 || Width % 2 != 0 || Height % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), $"{Name}: {Width}x{Height}: width and height must be even, 16..7680 x 16..4320.");
        }

        if (VideoBitrateKbps is < 50 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(VideoBitrateKbps), VideoBitrateKbps, $"{Name}: video bitrate must be 50..100000 kbit/s.");
        }
    }
}
