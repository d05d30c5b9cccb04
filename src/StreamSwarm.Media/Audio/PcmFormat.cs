namespace StreamSwarm.Media.Audio;

/// <summary>The one PCM layout fed to ffmpeg: 48 kHz, 2 channels, signed 16-bit little-endian (<c>-f s16le -ar 48000 -ac 2</c>).</summary>
public static class PcmFormat
{
    public const int SampleRate = 48_000;
    public const int Channels = 2;
    public const int BytesPerFrame = Channels * sizeof(short);
    public const int BytesPerSecond = SampleRate * BytesPerFrame;

    /// <summary>Bytes of <paramref name="duration"/> of audio, whole frames (rounded to the nearest frame).</summary>
    public static long BytesFor(TimeSpan duration) =>
        (long)Math.Round(duration.TotalSeconds * SampleRate, MidpointRounding.AwayFromZero) * BytesPerFrame;

    public static NAudio.Wave.WaveFormat WaveFormat { get; } = new(SampleRate, 16, Channels);
}
