using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Tests.Cli;

/// <summary>Capture sources: the device check, the ffmpeg device check (real ffmpeg), and each error line.</summary>
public sealed class CaptureSourceParserTests
{
    /// <summary>Part of Debian 12's ffmpeg 5.1 <c>ffmpeg -hide_banner -devices</c>, as printed on this machine.</summary>
    private const string DebianListing = """
        Devices:
         D. = Demuxing supported
         .E = Muxing supported
         --
         DE alsa            ALSA audio output
          E caca            caca (color ASCII art) output device
         D  lavfi           Libavfilter virtual input device
         DE pulse           Pulse audio output
          E sdl,sdl2        SDL2 output device
         DE video4linux2,v4l2 Video4Linux2 output device
         D  x11grab         X11 screen capture, using XCB
        """;

    [Fact]
    public void DeviceListing_KeepsInputDevicesWithTheirAliases()
    {
        var inputs = FfmpegDevices.Parse(DebianListing);

        Assert.Equal(["alsa", "lavfi", "pulse", "v4l2", "video4linux2", "x11grab"], inputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ThisMachinesFfmpeg_CanCaptureV4l2AndX11()
    {
        var inputs = FfmpegDevices.ListInputs();

        Assert.Contains("v4l2", inputs);
        Assert.Contains("x11grab", inputs);
        Assert.Contains("lavfi", inputs);
    }

    [Fact]
    public void MissingWebcam_SaysToPlugItIn()
    {
        Assert.False(File.Exists("/dev/video9"));

        var error = CaptureSourceParser.TryParse("v4l2:/dev/video9", _ => true, out var source);

        Assert.Null(source);
        Assert.Equal("No video device '/dev/video9' on this machine: plug in the webcam, check 'ls /dev/video*', and that you are in the 'video' group.", error);
    }

    [Theory]
    [InlineData("v4l2:", "Missing video device: use --source v4l2:/dev/video0 (see 'ls /dev/video*').")]
    [InlineData("v4l2:video0", "Bad video device 'video0': give its /dev path, e.g. --source v4l2:/dev/video0.")]
    [InlineData("x11grab:", "Bad X display '': use :NUMBER, e.g. --source x11grab::0 (or x11grab:$DISPLAY).")]
    [InlineData("x11grab:screen", "Bad X display 'screen': use :NUMBER, e.g. --source x11grab::0 (or x11grab:$DISPLAY).")]
    [InlineData("x11grab::4321", "No X display ':4321' here (no /tmp/.X11-unix/X4321): run inside an X session, or start a virtual one ('Xvfb :99 &') and use --source x11grab::99.")]
    public void BadOrAbsentDevice_OneLineSayingWhatToDo(string text, string expected)
    {
        Assert.Equal(expected, CaptureSourceParser.TryParse(text, _ => true, out _));
    }

    [Fact]
    public void FfmpegWithoutTheDevice_SaysWhichFfmpegToInstall()
    {
        // /dev/null exists everywhere: the device check passes and the ffmpeg check decides.
        Assert.Equal(
            "This ffmpeg cannot capture from v4l2 (it is not in 'ffmpeg -devices'): install an ffmpeg built with v4l2 (Debian's ffmpeg package has it).",
            CaptureSourceParser.TryParse("v4l2:/dev/null", _ => false, out _));
        Assert.StartsWith("ffmpeg could not be asked", CaptureSourceParser.TryParse("v4l2:/dev/null", _ => null, out _), StringComparison.Ordinal);
    }

    [Fact]
    public void RemoteDisplay_IsLeftToFfmpeg()
    {
        Assert.Null(CaptureSourceParser.TryParse("x11grab:studio.local:0.0", _ => true, out var source));
        Assert.Equal(new BroadcastSource.Capture(CaptureKind.X11Grab, "studio.local:0.0"), source);
    }

    [Fact]
    public void CaptureWithLoop_IsRefused()
    {
        Assert.Equal("--loop applies to file sources only: drop it for a capture source.", GoLiveOptionsParser.TryParseSource("v4l2:/dev/video0", loop: true, out _));
    }

    [Fact]
    public void CaptureArguments_ReadTheDeviceAtTheFrameRate()
    {
        Assert.Equal(
            ["-thread_queue_size", "512", "-f", "x11grab", "-framerate", "25", "-i", ":99"],
            new CaptureSource(CaptureKind.X11Grab, ":99").InputArguments(25));
    }
}
