namespace StreamSwarm.Server.Embed;

/// <summary>The iframe size an oEmbed response offers: 16:9, at most the consumer's maxwidth and maxheight.</summary>
public static class OEmbedSize
{
    public const int DefaultWidth = 640;
    public const int DefaultHeight = 360;

    /// <summary>Smallest size offered; below it the controls do not fit (the player is laid out down to 320 px).</summary>
    public const int MinWidth = 200;

    /// <summary>
    /// The largest 16:9 size within <paramref name="maxWidth"/> × <paramref name="maxHeight"/>,
    /// no larger than the default. The spec (oEmbed 1.0 §2.2) asks providers to respect both limits.
    /// </summary>
    public static (int Width, int Height) Fit(int? maxWidth, int? maxHeight)
    {
        var width = Math.Min(DefaultWidth, maxWidth ?? int.MaxValue);
        if (maxHeight is { } h)
        {
            width = Math.Min(width, (int)Math.Floor(h * 16.0 / 9.0));
        }

        width = Math.Max(1, width);
        var height = Math.Max(1, (int)Math.Floor(width * 9.0 / 16.0));
        return (width, height);
    }
}
