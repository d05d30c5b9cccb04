namespace StreamSwarm.Media.Audio;

/// <summary>Where a live audio capture comes from.</summary>
public enum AudioCaptureKind
{
    Unknown = 0,

    /// <summary>An ALSA PCM through ffmpeg's <c>alsa</c> input (<c>default</c>, <c>hw:1,0</c>, <c>null</c>).</summary>
    Alsa,

    /// <summary>A PulseAudio (or PipeWire-Pulse) source through ffmpeg's <c>pulse</c> input (<c>default</c>, <c>NAME.monitor</c>).</summary>
    Pulse,
}
