using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>The encoder a live encode will use, and why (shown to the user and logged).</summary>
public sealed record H264EncoderChoice(H264Encoder Encoder, string Reason);

/// <summary>
/// Finds a hardware H.264 encoder that works on this machine: ffmpeg must list it (<c>-encoders</c>)
/// and a short test encode with the live options must succeed, because Debian's ffmpeg lists
/// h264_nvenc, h264_vaapi and h264_qsv whether or not a GPU or driver is present. Falls back to libx264.
/// </summary>
public static partial class H264EncoderProbe
{
    /// <summary>Order tried: NVENC (dedicated silicon, no CPU copy), Quick Sync, VA-API.</summary>
    private static readonly H264Encoder[] HardwareOrder = [H264Encoder.Nvenc, H264Encoder.Qsv, H264Encoder.Vaapi];

    /// <summary>How long one test encode may take before it counts as failed. 15 s: a loaded 2-core machine starts ffmpeg slowly.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// <paramref name="requested"/> null: the first hardware encoder that passes, else libx264.
    /// A requested hardware encoder that fails its test is an error (the user asked for it).
    /// </summary>
    /// <exception cref="FfmpegNotFoundException">No ffmpeg.</exception>
    /// <exception cref="InvalidOperationException">The requested encoder does not work here; the message says why.</exception>
    public static async Task<H264EncoderChoice> ChooseAsync(string? ffmpegPath, H264Encoder? requested, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var ffmpeg = FfmpegProcess.Locate(ffmpegPath);
        var key = (ffmpeg, requested);
        if (Chosen.TryGetValue(key, out var known))
        {
            return known;
        }

        var choice = await ProbeAsync(ffmpeg, requested, logger ?? NullLogger.Instance, cancellationToken);
        Chosen[key] = choice;
        return choice;
    }

    /// <summary>A GPU does not come and go while we run: one probe per executable and request, per process.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, H264Encoder?), H264EncoderChoice> Chosen = new();

    private static async Task<H264EncoderChoice> ProbeAsync(string ffmpeg, H264Encoder? requested, ILogger logger, CancellationToken cancellationToken)
    {
        if (requested == H264Encoder.Libx264)
        {
            return new H264EncoderChoice(H264Encoder.Libx264, "libx264 (asked for)");
        }

        var (listCode, listed, _) = await RunAsync(ffmpeg, ["-hide_banner", "-encoders"], cancellationToken);
        if (listCode != 0)
        {
            throw new InvalidOperationException($"'{ffmpeg} -encoders' exited with code {listCode}; reinstall ffmpeg.");
        }

        var failures = new List<string>(3);
        foreach (var candidate in requested is { } r ? [r] : HardwareOrder)
        {
            var name = candidate.FfmpegName();
            if (!Lists(listed, name))
            {
                failures.Add($"{name} not in this ffmpeg");
                continue;
            }

            if (candidate == H264Encoder.Vaapi && !File.Exists(H264EncoderNames.VaapiDevice))
            {
                failures.Add($"{name}: no {H264EncoderNames.VaapiDevice}");
                continue;
            }

            var (code, _, errors) = await RunAsync(ffmpeg, TestArguments(candidate), cancellationToken);
            if (code == 0)
            {
                LogChosen(logger, name);
                return new H264EncoderChoice(candidate, requested is null ? $"{name} (hardware, passed a test encode)" : $"{name} (asked for, passed a test encode)");
            }

            var last = FirstLine(errors);
            LogRejected(logger, name, code, last);
            failures.Add($"{name}: test encode failed ({last})");
        }

        if (requested is { } asked)
        {
            throw new InvalidOperationException($"The {asked.FfmpegName()} encoder does not work here: {string.Join("; ", failures)}. Use --encoder auto or libx264.");
        }

        return new H264EncoderChoice(H264Encoder.Libx264, $"libx264 (no working hardware encoder: {string.Join("; ", failures)})");
    }

    /// <summary>Ten 320x180 frames through the encoder with the live options, to /dev/null.</summary>
    internal static List<string> TestArguments(H264Encoder encoder)
    {
        var a = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error" };
        a.AddRange(encoder.GlobalArguments());
        a.AddRange(["-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30"]);
        if (encoder.UploadFilter() is { } upload)
        {
            a.AddRange(["-vf", upload]);
        }

        a.AddRange(encoder.CodecArguments("30", "500k", "1000k"));
        a.AddRange(["-frames:v", "10", "-f", "null", "-"]);
        return a;
    }

    private static bool Lists(string encoders, string name)
    {
        foreach (var line in encoders.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0].StartsWith('V') && fields[1] == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : lines[0];
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string ffmpeg, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new FfmpegNotFoundException($"Could not start '{ffmpeg}'.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (-1, string.Empty, string.Create(CultureInfo.InvariantCulture, $"no answer within {TestTimeout.TotalSeconds:0} s"));
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hardware H.264 encoder {Encoder} passed its test encode")]
    private static partial void LogChosen(ILogger logger, string encoder);

    [LoggerMessage(Level = LogLevel.Information, Message = "H.264 encoder {Encoder} failed its test encode (exit {ExitCode}): {Reason}")]
    private static partial void LogRejected(ILogger logger, string encoder, int exitCode, string reason);
}
