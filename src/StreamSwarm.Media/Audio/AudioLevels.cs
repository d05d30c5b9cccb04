namespace StreamSwarm.Media.Audio;

/// <summary>Peak and RMS of a stretch of audio, linear full scale (0 = silence, 1 = 0 dBFS).</summary>
public readonly record struct AudioLevels(float Peak, float Rms)
{
    /// <summary>Quietest level shown in dB; anything below reads as this.</summary>
    public const double FloorDb = -90;

    public static AudioLevels Silence => default;

    public double PeakDb => ToDb(Peak);

    public double RmsDb => ToDb(Rms);

    public static double ToDb(float linear) => linear <= 0 ? FloorDb : Math.Max(FloorDb, 20 * Math.Log10(linear));
}
