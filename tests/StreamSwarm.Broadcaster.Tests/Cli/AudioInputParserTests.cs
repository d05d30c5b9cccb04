using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Broadcaster.Tests.Cli;

public sealed class AudioInputParserTests
{
    private static string Samples => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ChildCli.DllPath)!, "..", "..", "..", "..", "..", "media-samples", "out"));

    [Fact]
    public void ToneWithAndWithoutFrequency_AndGainsInOrder()
    {
        var error = AudioInputParser.TryParse(["tone", "tone:1000.5"], "0.5, 2", out var inputs);

        Assert.Null(error);
        Assert.Equal([new AudioInput.Tone(440) { Gain = 0.5f }, new AudioInput.Tone(1000.5) { Gain = 2f }], inputs);
    }

    [Fact]
    public void NoAudio_IsAnEmptyList()
    {
        Assert.Null(AudioInputParser.TryParse(null, null, out var inputs));
        Assert.Empty(inputs!);
    }

    [Fact]
    public void WavAndMp3Files_AreOpenedAndKeptAsFullPaths()
    {
        var wav = Path.Combine(Samples, "tone.wav");
        var mp3 = Path.Combine(Samples, "tone.mp3");
        Assert.True(File.Exists(wav) && File.Exists(mp3), "run media-samples/make-samples.sh");

        Assert.Null(AudioInputParser.TryParse([$"wav:{wav}", $"mp3:{mp3}"], null, out var inputs));
        Assert.Equal([new AudioInput.WavFile(wav), new AudioInput.Mp3File(mp3)], inputs);
    }

    [Theory]
    [InlineData("flac:x.flac", "Unknown audio source 'flac:x.flac': use --audio tone[:HZ], wav:PATH, mp3:PATH, alsa:DEVICE or pulse:SOURCE.")]
    [InlineData("alsa:", "Missing ALSA device: use --audio alsa:default (list the capture devices with 'arecord -L').")]
    [InlineData("pulse:", "Missing PulseAudio source: use --audio pulse:default (check that PulseAudio (or PipeWire) runs for this user")]
    [InlineData("alsa:-re", "Bad ALSA device '-re': list the capture devices with 'arecord -L', e.g. --audio alsa:default.")]
    [InlineData("alsa:hw:63,0", "ALSA device 'hw:63,0' cannot be opened (cannot open audio device hw:63,0 (")]
    [InlineData("tone:0", "Bad tone frequency '0': use 1 to 20000 Hz, e.g. --audio tone:440.")]
    [InlineData("tone:loud", "Bad tone frequency 'loud': use 1 to 20000 Hz, e.g. --audio tone:440.")]
    [InlineData("wav:", "Missing file path: use --audio wav:PATH.")]
    [InlineData("mp3:/no/such/file.mp3", "Audio file '/no/such/file.mp3' does not exist")]
    [InlineData("wav:/tmp", "Audio file '/tmp' is a directory")]
    [InlineData("", "Empty --audio")]
    public void BadSource_OneSentenceSayingWhatToDo(string spec, string expected)
    {
        var error = AudioInputParser.TryParse([spec], null, out var inputs);

        Assert.Null(inputs);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AlsaNullDevice_IsProbedAndKept()
    {
        Assert.Null(AudioInputParser.TryParse(["alsa:null", "tone"], "0.5,1", out var inputs));

        Assert.Equal([new AudioInput.Device(new AudioCaptureDevice(AudioCaptureKind.Alsa, "null")) { Gain = 0.5f }, new AudioInput.Tone(440)], inputs);
        Assert.Equal("alsa:null", inputs![0].ToString());
    }

    [Fact]
    public void PulseWithoutAServer_SaysToStartOne()
    {
        // The probe's ffmpeg inherits this; no test in this project talks to a pulse server otherwise.
        var before = Environment.GetEnvironmentVariable("PULSE_SERVER");
        Environment.SetEnvironmentVariable("PULSE_SERVER", $"unix:{Path.Combine(Path.GetTempPath(), "streamswarm-no-pulse", "native")}");
        string? error;
        IReadOnlyList<AudioInput>? inputs;
        try
        {
            error = AudioInputParser.TryParse(["pulse:default"], null, out inputs);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULSE_SERVER", before);
        }

        Assert.Null(inputs);
        Assert.Equal("PulseAudio source 'default' cannot be opened (default: No such process): check that PulseAudio (or PipeWire) runs for this user and list the sources with 'pactl list short sources', e.g. --audio pulse:default.", error);
    }

    [Theory]
    [InlineData(false, "This ffmpeg cannot capture from alsa (it is not in 'ffmpeg -devices'): install an ffmpeg built with alsa (Debian's ffmpeg package has it).")]
    [InlineData(null, "ffmpeg could not be asked which capture devices it has ('ffmpeg -devices'): install ffmpeg or put it on PATH.")]
    public void FfmpegWithoutTheInput_IsRefusedBeforeProbing(bool? listed, string expected)
    {
        var probed = false;
        var error = AudioInputParser.TryOpenDevice(
            AudioCaptureKind.Alsa,
            "default",
            _ => listed,
            _ =>
            {
                probed = true;
                return null;
            },
            out var input);

        Assert.Equal(expected, error);
        Assert.Null(input);
        Assert.False(probed);
    }

    [Fact]
    public void Wasapi_OnLinux_SaysItIsWindowsOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var spec in new[] { "wasapi", "wasapi:USB", "mic" })
        {
            var error = AudioInputParser.TryParse([spec], null, out var inputs);

            Assert.Null(inputs);
            Assert.Equal("WASAPI microphone capture works on Windows only: on Linux capture sound with --audio alsa:default or --audio pulse:default.", error);
        }
    }

    [Fact]
    public void FileThatIsNotAudio_IsRefusedBeforeGoingLive()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-audio-{Guid.NewGuid():N}.wav");
        File.WriteAllText(path, "definitely not RIFF");
        try
        {
            var error = AudioInputParser.TryParse([$"wav:{path}"], null, out _);

            Assert.StartsWith($"Audio file '{path}' cannot be played (", error, StringComparison.Ordinal);
            Assert.EndsWith("give a readable WAV file.", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "tone" }, "0.5,1", "--gain '0.5,1' has 2 values for 1 --audio source: give one per source, e.g. --gain 1.0.")]
    [InlineData(new[] { "tone", "tone:880" }, "x,1", "Bad --gain value 'x'")]
    [InlineData(new[] { "tone" }, "4.5", "Bad --gain value '4.5': use a linear gain from 0 (silent) to 4 (+12 dB)")]
    [InlineData(new[] { "tone" }, "-1", "Bad --gain value '-1'")]
    [InlineData(new string[0], "1", "--gain applies to --audio sources: add --audio, or drop --gain.")]
    public void BadGain_OneSentence(string[] specs, string gain, string expected)
    {
        var error = AudioInputParser.TryParse(specs, gain, out _);

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TenSources_AreTooMany()
    {
        var error = AudioInputParser.TryParse(Enumerable.Repeat("tone", 10).ToArray(), null, out _);

        Assert.Equal("Too many --audio sources (10): mix at most 9.", error);
    }
}
