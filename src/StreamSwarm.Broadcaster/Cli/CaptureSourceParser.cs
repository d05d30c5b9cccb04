using System.Text.RegularExpressions;
using StreamSwarm.Media.Ffmpeg;

namespace StreamSwarm.Broadcaster.Cli;

/// <summary>
/// <c>--source v4l2:DEVICE</c> and <c>--source x11grab:DISPLAY</c>: checks that the device is there
/// and that this ffmpeg can capture from it, so a missing webcam or X server is one line saying what
/// to do rather than ffmpeg's error after the session was created.
/// </summary>
public static partial class CaptureSourceParser
{
    private static readonly Lazy<IReadOnlySet<string>?> Inputs = new(ListInputs);

    public static bool IsCapture(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith("v4l2:", StringComparison.Ordinal) || text.StartsWith("x11grab:", StringComparison.Ordinal);
    }

    public static string? TryParse(string text, out BroadcastSource? source) =>
        TryParse(text, HasDemuxer, out source);

    /// <summary>Whether this ffmpeg lists <paramref name="demuxer"/> as an input device (asked once per run); null when ffmpeg could not be asked.</summary>
    internal static bool? HasDemuxer(string demuxer) => Inputs.Value?.Contains(demuxer);

    /// <param name="hasDemuxer">Whether ffmpeg lists the input device; null when ffmpeg could not be asked.</param>
    public static string? TryParse(string text, Func<string, bool?> hasDemuxer, out BroadcastSource? source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(hasDemuxer);
        source = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = text[..colon] == "v4l2" ? CaptureKind.V4l2 : CaptureKind.X11Grab;
        var device = text[(colon + 1)..];
        var error = kind == CaptureKind.V4l2 ? DescribeVideoDevice(device) : DescribeDisplay(device);
        if (error is not null)
        {
            return error;
        }

        var demuxer = new CaptureSource(kind, device).Demuxer;
        switch (hasDemuxer(demuxer))
        {
            case null:
                return "ffmpeg could not be asked which capture devices it has ('ffmpeg -devices'): install ffmpeg or put it on PATH.";
            case false:
                return $"This ffmpeg cannot capture from {demuxer} (it is not in 'ffmpeg -devices'): install an ffmpeg built with {demuxer} (Debian's ffmpeg package has it).";
        }

        source = new BroadcastSource.Capture(kind, device);
        return null;
    }

    /// <summary>Null when <paramref name="device"/> is a video device node here; otherwise what to do.</summary>
    public static string? DescribeVideoDevice(string device)
    {
        if (device.Length == 0)
        {
            return "Missing video device: use --source v4l2:/dev/video0 (see 'ls /dev/video*').";
        }

        if (!device.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return $"Bad video device '{device}': give its /dev path, e.g. --source v4l2:/dev/video0.";
        }

        if (!File.Exists(device))
        {
            return $"No video device '{device}' on this machine: plug in the webcam, check 'ls /dev/video*', and that you are in the 'video' group.";
        }

        return null;
    }

    /// <summary>Null when <paramref name="display"/> names an X display that is up (a local one has its socket); otherwise what to do.</summary>
    public static string? DescribeDisplay(string display)
    {
        var match = DisplayName().Match(display);
        if (!match.Success)
        {
            return $"Bad X display '{display}': use :NUMBER, e.g. --source x11grab::0 (or x11grab:$DISPLAY).";
        }

        // A remote display (host:N) cannot be checked without connecting; ffmpeg reports it if it is not up.
        if (match.Groups["host"].Length == 0)
        {
            var socket = $"/tmp/.X11-unix/X{match.Groups["number"].Value}";
            if (!File.Exists(socket))
            {
                return $"No X display '{display}' here (no {socket}): run inside an X session, or start a virtual one ('Xvfb :99 &') and use --source x11grab::99.";
            }
        }

        return null;
    }

    private static IReadOnlySet<string>? ListInputs()
    {
        try
        {
            return FfmpegDevices.ListInputs();
        }
        catch (Exception ex) when (ex is FfmpegNotFoundException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?<host>[A-Za-z0-9.\-]*):(?<number>\d{1,4})(\.\d{1,2})?(\+\d{1,5},\d{1,5})?$")]
    private static partial Regex DisplayName();
}
