namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// The named renditions of an ABR ladder. Sizes are 16:9 with even sides; bitrates follow the
/// usual H.264 live ladders at 30 fps (about 0.1 bit per pixel per frame at 720p, a little more at
/// the bottom where the codec's fixed costs weigh more).
/// </summary>
public static class LadderPresets
{
    /// <summary>Most renditions a ladder may have (the ingest server accepts 8; these are all the presets).</summary>
    public const int MaxRenditions = 5;

    /// <summary>Every preset, top first.</summary>
    public static IReadOnlyList<LiveRendition> All { get; } =
    [
        new("1080p", 1920, 1080, 5000),
        new("720p", 1280, 720, 2800),
        new("480p", 854, 480, 1400),
        new("360p", 640, 360, 800),
        new("240p", 426, 240, 400),
    ];

    /// <summary>The preset called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static LiveRendition? Find(string name)
    {
        foreach (var preset in All)
        {
            if (string.Equals(preset.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return preset;
            }
        }

        return null;
    }

    /// <summary>
    /// Parses a comma-separated list such as <c>720p,360p</c> into renditions ordered top first.
    /// Returns null and sets <paramref name="error"/> (one sentence saying what to do) on an unknown
    /// or repeated name or an empty list.
    /// </summary>
    public static IReadOnlyList<LiveRendition>? TryParse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var names = string.Join(", ", NameList());
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var chosen = new List<LiveRendition>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                error = $"Bad --ladder '{text}': give preset names separated by commas, e.g. --ladder 720p,360p (presets: {names}).";
                return null;
            }

            var preset = Find(part);
            if (preset is null)
            {
                error = $"Unknown ladder preset '{part}': use {names}, e.g. --ladder 720p,360p.";
                return null;
            }

            if (chosen.Contains(preset))
            {
                error = $"Ladder preset '{preset.Name}' is listed twice: give each rendition once, e.g. --ladder 720p,360p.";
                return null;
            }

            chosen.Add(preset);
        }

        chosen.Sort((a, b) => b.Height.CompareTo(a.Height));
        error = null;
        return chosen;
    }

    private static IEnumerable<string> NameList()
    {
        foreach (var preset in All)
        {
            yield return preset.Name;
        }
    }
}
