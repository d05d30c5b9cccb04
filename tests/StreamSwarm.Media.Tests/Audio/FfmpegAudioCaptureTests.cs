using System.Diagnostics;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Media.Tests.Audio;

/// <summary>Live capture through a child ffmpeg: real ffmpeg, ALSA's null PCM, a known signal from lavfi, and a capture that dies.</summary>
public sealed class FfmpegAudioCaptureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task KnownSignal_ReachesTheMixer_AtItsLevel()
    {
        // lavfi's sine is at 1/8 of full scale, panned to both channels at that level (ffmpeg's own
        // mono upmix would take 3 dB off) and at 44.1 kHz to go through the resampler; -re makes it
        // arrive at real time like a device.
        await using var capture = FfmpegAudioCapture.Start("sine", ["-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100,pan=stereo|c0=c0|c1=c0"]);
        await WaitForAsync(() => capture.Samples.Count >= CaptureSampleBuffer.PrebufferSamples);
        using var mixer = new AudioMixer([AudioMixerInput.Capture(capture.Samples, new Detached(), capture.Description)]);
        var read = new float[CaptureSampleBuffer.PrebufferSamples];

        mixer.Read(read, 0, read.Length);

        Assert.InRange(mixer.Inputs[0].Meter.Take().Peak, 0.12f, 0.13f);
        Assert.Null(capture.StopReason);
    }

    [Fact]
    public async Task AlsaNullDevice_OpensAndDelivers()
    {
        var device = new AudioCaptureDevice(AudioCaptureKind.Alsa, "null");

        Assert.Null(await FfmpegAudioCapture.ProbeAsync(device));
        await using var capture = FfmpegAudioCapture.Start(device);
        await WaitForAsync(() => capture.Samples.Count >= CaptureSampleBuffer.PrebufferSamples);
        Assert.Equal("alsa null", capture.Description);
    }

    [Fact]
    public async Task MissingAlsaDevice_ProbeSaysItCannotBeOpened()
    {
        var reason = await FfmpegAudioCapture.ProbeAsync(new AudioCaptureDevice(AudioCaptureKind.Alsa, "hw:63,0"));

        Assert.NotNull(reason);
        // ALSA's own words after it ("No such file or directory", "Invalid argument") vary with the card number.
        Assert.StartsWith("cannot open audio device hw:63,0 (", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("@ 0x", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaptureKilledMidShow_GoesSilent_ReportsOnce_MixerGoesOn()
    {
        await using var capture = FfmpegAudioCapture.Start("sine", ["-re", "-f", "lavfi", "-i", "sine=frequency=440"]);
        var stopped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = 0;
        capture.Stopped += (_, reason) =>
        {
            Interlocked.Increment(ref reports);
            stopped.TrySetResult(reason);
        };
        using var mixer = new AudioMixer([AudioMixerInput.Capture(capture.Samples, new Detached(), capture.Description), AudioMixerInput.Tone(1000)]);
        await WaitForAsync(() => capture.Samples.Count >= CaptureSampleBuffer.PrebufferSamples);

        using (var process = Process.GetProcessById(capture.ProcessId))
        {
            process.Kill();
        }

        var reason = await stopped.Task.WaitAsync(Patience);
        await capture.Completion.WaitAsync(Patience);
        var read = new float[4_800];
        Assert.Equal(read.Length, mixer.Read(read, 0, read.Length));
        Assert.Equal(0f, mixer.Inputs[0].Meter.Take().Peak);
        Assert.False(mixer.Inputs[0].Ended);
        Assert.InRange(mixer.Inputs[1].Meter.Take().Peak, 0.24f, 0.26f);
        Assert.Equal("ffmpeg was killed (signal 9)", reason);
        Assert.Equal(reason, capture.StopReason);
        Assert.Equal(1, reports);
    }

    [Fact]
    public async Task Dispose_StopsFfmpeg_WithoutReportingAStop()
    {
        var capture = FfmpegAudioCapture.Start("sine", ["-re", "-f", "lavfi", "-i", "sine"]);
        var reports = 0;
        capture.Stopped += (_, _) => Interlocked.Increment(ref reports);
        await WaitForAsync(() => capture.Samples.Count > 0);
        var id = capture.ProcessId;

        await capture.DisposeAsync();

        Assert.True(capture.Completion.IsCompleted);
        Assert.Equal(0, reports);
        Assert.Null(capture.StopReason);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(id));
    }

    [Theory]
    [InlineData(new[] { "ALSA lib confmisc.c:165:(snd_config_get_card) Cannot get card index for 7", "[alsa @ 0x563cbb29f900] cannot open audio device hw:7,0 (No such file or directory)", "hw:7,0: Input/output error" }, "cannot open audio device hw:7,0 (No such file or directory)")]
    [InlineData(new[] { "default: No such process" }, "default: No such process")]
    [InlineData(new string[0], null)]
    [InlineData(new[] { "[alsa @ 0x1] cannot open audio device x (y)", "[null @ 0x2] Application provided invalid, non monotonically increasing dts to muxer in stream 0: 5 >= 5" }, "cannot open audio device x (y)")]
    public void Reason_PrefersTheDeviceInputsOwnLine(string[] stderr, string? expected)
    {
        Assert.Equal(expected, FfmpegAudioCapture.Reason(stderr));
    }

    [Theory]
    [InlineData(137, new string[0], "ffmpeg was killed (signal 9)")]
    [InlineData(1, new[] { "[pulse @ 0x1] connection refused" }, "ffmpeg exited with code 1: connection refused")]
    [InlineData(1, new string[0], "ffmpeg exited with code 1")]
    public void ExitReason_SaysKilledOrQuotesFfmpeg(int code, string[] stderr, string expected)
    {
        Assert.Equal(expected, FfmpegAudioCapture.ExitReason(code, stderr));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Patience, "The capture delivered nothing in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>The capture is disposed by its test, not by the mixer.</summary>
    private sealed class Detached : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
