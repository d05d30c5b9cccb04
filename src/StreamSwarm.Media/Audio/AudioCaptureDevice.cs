namespace StreamSwarm.Media.Audio;

/// <summary>A sound device a child ffmpeg captures from: its input format (<see cref="Demuxer"/>) and the device name as that input takes it.</summary>
public sealed record AudioCaptureDevice(AudioCaptureKind Kind, string Device)
{
    /// <summary>ffmpeg's input format for <see cref="Kind"/>, as <c>ffmpeg -devices</c> lists it.</summary>
    public string Demuxer => Kind switch
    {
        AudioCaptureKind.Alsa => "alsa",
        AudioCaptureKind.Pulse => "pulse",
        _ => throw new InvalidOperationException($"No ffmpeg input for capture kind {Kind}."),
    };

    /// <summary>ffmpeg's input options: <c>-f alsa -i DEVICE</c>.</summary>
    public IReadOnlyList<string> InputArguments()
    {
        var arguments = new List<string> { "-f", Demuxer };
        if (Kind == AudioCaptureKind.Pulse)
        {
            // What pulse shows in its client list, instead of "Lavf...".
            arguments.AddRange(["-name", "streamswarm"]);
        }

        arguments.AddRange(["-i", Device]);
        return arguments;
    }

    public override string ToString() => $"{Demuxer}:{Device}";
}
