using System.Globalization;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Status;

/// <summary>Draws <see cref="AudioLevels"/> as a text bar (RMS filled, peak marked) for the dashboard.</summary>
public static class LevelMeter
{
    /// <summary>Bottom of the bar: below -60 dBFS is silence for a listener.</summary>
    public const double RangeDb = 60;

    /// <summary>Characters of the bar.</summary>
    public const int Width = 24;

    /// <summary>Spectre markup of the bar: green up to -18 dBFS, yellow to -6, red above.</summary>
    public static string Markup(AudioLevels levels, bool muted)
    {
        if (muted)
        {
            return "[grey]" + new string('·', Width) + "[/]";
        }

        var rms = Cells(levels.RmsDb);
        var peak = Math.Max(rms, Cells(levels.PeakDb));
        var bar = new System.Text.StringBuilder(Width + 48);
        for (var i = 0; i < Width; i++)
        {
            var color = i < Cells(-18) ? "green" : i < Cells(-6) ? "yellow" : "red";
            var glyph = i < rms ? '█' : i == peak - 1 ? '▏' : '·';
            bar.Append(CultureInfo.InvariantCulture, $"[{(glyph == '·' ? "grey" : color)}]{glyph}[/]");
        }

        return bar.ToString();
    }

    /// <summary><c>-6.0 dB</c>, or <c>-inf</c> at the floor.</summary>
    public static string Db(double db) =>
        db <= AudioLevels.FloorDb ? "-inf" : db.ToString("0.0", CultureInfo.InvariantCulture) + " dB";

    private static int Cells(double db) => (int)Math.Round(Math.Clamp((db + RangeDb) / RangeDb, 0, 1) * Width);
}
