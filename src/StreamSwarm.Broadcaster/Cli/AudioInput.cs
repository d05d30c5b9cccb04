using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// One <c>--audio</c> source of the NAudio mix fed to ffmpeg as PCM: a tone, a WAV or an MP3 file.
/// Files loop (a music bed under a show), so the mix never runs dry while the picture goes on.
/// </summary>
public abstract record AudioInput
{
    private AudioInput()
    {
    }

    /// <summary>Linear gain 0..4 from <c>--gain</c>. Default 1.</summary>
    public float Gain { get; init; } = 1f;

    /// <summary>Opens the source for the mixer, at 48 kHz stereo.</summary>
    /// <exception cref="InvalidDataException">The file is not audio this pipeline plays.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public abstract AudioMixerInput Open();

    /// <summary>A sine tone (<c>tone</c> or <c>tone:HZ</c>).</summary>
    public sealed record Tone(double FrequencyHz) : AudioInput
    {
        /// <summary>A concert A unless asked otherwise.</summary>
        public const double DefaultFrequencyHz = 440;

        public override AudioMixerInput Open() => AudioMixerInput.Tone(FrequencyHz, Gain);

        public override string ToString() => FormattableString.Invariant($"tone:{FrequencyHz}");
    }

    /// <summary>A WAV file (<c>wav:PATH</c>), any rate, 1 or 2 channels.</summary>
    public sealed record WavFile(string Path) : AudioInput
    {
        public override AudioMixerInput Open() => AudioMixerInput.WavFile(Path, loop: true, Gain);

        public override string ToString() => $"wav:{Path}";
    }

    /// <summary>An MP3 file (<c>mp3:PATH</c>) decoded by NLayer.</summary>
    public sealed record Mp3File(string Path) : AudioInput
    {
        public override AudioMixerInput Open() => AudioMixerInput.Mp3File(Path, loop: true, Gain);

        public override string ToString() => $"mp3:{Path}";
    }
}
