using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace StreamSwarm.Media.Audio;

/// <summary>
/// One source of an <see cref="AudioMixer"/>: a tone, a WAV or an MP3 file, or a live capture, already brought to
/// <see cref="PcmFormat"/>'s rate and channels as float samples, with its own gain, mute and meter.
/// Gain and mute may be changed from any thread while the mixer runs.
/// </summary>
public sealed class AudioMixerInput : IDisposable
{
    private readonly IDisposable? _owned;
    private float _gain;
    private volatile bool _muted;

    private AudioMixerInput(ISampleProvider samples, IDisposable? owned, string description, float gain)
    {
        Samples = samples;
        _owned = owned;
        Description = description;
        Gain = gain;
    }

    /// <summary>What plays, for the dashboard and logs: "tone 440 Hz", "mp3 music.mp3 (loop)".</summary>
    public string Description { get; }

    /// <summary>Linear gain 0..4 applied before mixing. Default 1.</summary>
    public float Gain
    {
        get => Volatile.Read(ref _gain);
        set
        {
            if (float.IsNaN(value) || value is < 0 or > MaxGain)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Gain must be in [0, {MaxGain}].");
            }

            Volatile.Write(ref _gain, value);
        }
    }

    /// <summary>Largest gain (+12 dB): enough to lift a quiet file, little enough that mistakes stay audible rather than destructive.</summary>
    public const float MaxGain = 4f;

    /// <summary>A muted input is still read (files keep their place) but adds silence.</summary>
    public bool Muted
    {
        get => _muted;
        set => _muted = value;
    }

    /// <summary>Levels of this input after gain (zero while muted).</summary>
    public AudioMeter Meter { get; } = new();

    /// <summary>True once a non-looped file has played to its end; the mixer then reads silence from it.</summary>
    public bool Ended { get; internal set; }

    internal ISampleProvider Samples { get; }

    /// <summary>An endless sine tone at full scale × <paramref name="gain"/>.</summary>
    public static AudioMixerInput Tone(double frequencyHz, float gain = 1f)
    {
        if (double.IsNaN(frequencyHz) || frequencyHz is <= 0 or > PcmFormat.SampleRate / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, "Frequency must be in (0, 24000] Hz.");
        }

        // -12 dBFS like PcmAudioSource.Tone: a tone at full scale would clip as soon as anything is mixed in.
        var generator = new SignalGenerator(PcmFormat.SampleRate, PcmFormat.Channels)
        {
            Type = SignalGeneratorType.Sin,
            Frequency = frequencyHz,
            Gain = 0.25,
        };
        return new AudioMixerInput(generator, null, FormattableString.Invariant($"tone {frequencyHz} Hz"), gain);
    }

    /// <summary>A WAV file (PCM or float, 1 or 2 channels, any rate).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a WAV file this pipeline can play.</exception>
    public static AudioMixerInput WavFile(string path, bool loop = false, float gain = 1f)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        WaveStream reader;
        try
        {
            reader = new WaveFileReader(path);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"'{path}' is not a WAV file: {ex.Message}", ex);
        }

        try
        {
            if (reader.WaveFormat.Channels is < 1 or > 2)
            {
                throw new InvalidDataException($"'{path}' has {reader.WaveFormat.Channels} channels; 1 or 2 are supported.");
            }

            if (loop)
            {
                reader = new LoopingWaveStream(reader);
            }

            return new AudioMixerInput(ToMixFormat(reader.ToSampleProvider()), reader, Describe("wav", path, loop), gain);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or FormatException)
        {
            reader.Dispose();
            throw ex as InvalidDataException ?? new InvalidDataException($"'{path}' cannot be played: {ex.Message}", ex);
        }
    }

    /// <summary>An MP3 file decoded by NLayer.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an MP3 file this pipeline can play.</exception>
    public static AudioMixerInput Mp3File(string path, bool loop = false, float gain = 1f)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        }

        Mp3SampleProvider mp3;
        try
        {
            mp3 = new Mp3SampleProvider(path, loop);
        }
        catch (Exception ex) when (ex is not (InvalidDataException or IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            // NLayer reports a file that is not MPEG audio with assorted exception types.
            throw new InvalidDataException($"'{path}' is not an MP3 file: {ex.Message}", ex);
        }

        return new AudioMixerInput(ToMixFormat(mp3), mp3, Describe("mp3", path, loop), gain);
    }

    /// <summary>
    /// Live sound from a capture that fills <paramref name="samples"/> on its own thread (a child ffmpeg,
    /// WASAPI). It reads as silence while nothing arrives, so it never ends; <paramref name="owner"/>
    /// (the capture) is disposed with the input.
    /// </summary>
    public static AudioMixerInput Capture(CaptureSampleBuffer samples, IDisposable owner, string description, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new AudioMixerInput(samples, owner, description, gain);
    }

    /// <summary>Live sound from an ALSA or PulseAudio device through a child ffmpeg; its stop is raised as <see cref="CaptureStopped"/>.</summary>
    public static AudioMixerInput Capture(FfmpegAudioCapture capture, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var input = Capture(capture.Samples, capture, capture.Description, gain);
        capture.Stopped += (_, reason) => input.CaptureStopped?.Invoke(input, reason);
        return input;
    }

    /// <summary>A Windows recording device through WASAPI; its stop is raised as <see cref="CaptureStopped"/>.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public static AudioMixerInput Capture(WasapiAudioCapture capture, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var input = Capture(capture.Samples, capture, capture.Description, gain);
        capture.Stopped += (_, reason) => input.CaptureStopped?.Invoke(input, reason);
        return input;
    }

    /// <summary>Raised once, on a pool thread, when the live capture behind this input stops on its own (it reads as silence from then on); the argument is why.</summary>
    public event EventHandler<string>? CaptureStopped;

    public void Dispose() => _owned?.Dispose();

    /// <summary>Mono widened to stereo, resampled to 48 kHz (WDL resampler) when the rate differs.</summary>
    internal static ISampleProvider ToMixFormat(ISampleProvider samples)
    {
        if (samples.WaveFormat.Channels == 1)
        {
            samples = new MonoToStereoSampleProvider(samples);
        }

        if (samples.WaveFormat.SampleRate != PcmFormat.SampleRate)
        {
            samples = new WdlResamplingSampleProvider(samples, PcmFormat.SampleRate);
        }

        return samples;
    }

    private static string Describe(string kind, string path, bool loop) =>
        $"{kind} {Path.GetFileName(path)}{(loop ? " (loop)" : string.Empty)}";
}
