using System.Diagnostics;
using StreamSwarm.Media.Audio;

namespace StreamSwarm.Media.Tests.Audio;

/// <summary>PulseAudio capture through ffmpeg's pulse input, against a real pulseaudio with a null sink.</summary>
public sealed class PulseCaptureTests(NullPulseServer pulse) : IClassFixture<NullPulseServer>
{
    [Fact]
    public async Task NullSinkMonitor_OpensAndDelivers()
    {
        var device = new AudioCaptureDevice(AudioCaptureKind.Pulse, pulse.MonitorSource);

        Assert.Null(await FfmpegAudioCapture.ProbeAsync(device));
        await using var capture = FfmpegAudioCapture.Start(device);
        var deadline = Stopwatch.StartNew();
        while (capture.Samples.Count < CaptureSampleBuffer.PrebufferSamples)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "pulse delivered nothing in time.");
            Assert.Null(capture.StopReason);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task UnknownSource_ProbeFails()
    {
        var reason = await FfmpegAudioCapture.ProbeAsync(new AudioCaptureDevice(AudioCaptureKind.Pulse, "no_such_source"));

        Assert.NotNull(reason);
        Assert.StartsWith("no_such_source:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoServer_ProbeFails()
    {
        Environment.SetEnvironmentVariable("PULSE_SERVER", $"unix:{Path.Combine(Path.GetTempPath(), "streamswarm-no-pulse", "native")}");
        try
        {
            var reason = await FfmpegAudioCapture.ProbeAsync(new AudioCaptureDevice(AudioCaptureKind.Pulse, "default"));

            Assert.NotNull(reason);
            Assert.StartsWith("default:", reason, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULSE_SERVER", pulse.Address);
        }
    }
}
