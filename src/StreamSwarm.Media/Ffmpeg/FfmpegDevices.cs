using System.Diagnostics;

namespace StreamSwarm.Media.Ffmpeg;

/// <summary>
/// The input devices this ffmpeg was built with (<c>ffmpeg -hide_banner -devices</c>), so a capture
/// source can say "this ffmpeg cannot capture X" instead of failing with ffmpeg's own words.
/// </summary>
public static class FfmpegDevices
{
    /// <summary>How long listing may take before it counts as failed. 15 s: a loaded machine is slow to start ffmpeg.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Names of the demuxing devices (<c>D</c> flag), aliases split: "video4linux2,v4l2" gives both.</summary>
    /// <exception cref="FfmpegNotFoundException">No ffmpeg.</exception>
    public static IReadOnlySet<string> ListInputs(string? ffmpegPath = null)
    {
        var psi = new ProcessStartInfo(FfmpegProcess.Locate(ffmpegPath))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-hide_banner");
        psi.ArgumentList.Add("-devices");
        using var process = Process.Start(psi) ?? throw new FfmpegNotFoundException("ffmpeg could not be started.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill();
            return new HashSet<string>(StringComparer.Ordinal);
        }

        _ = error.Result;
        return Parse(output);
    }

    /// <summary>Reads the listing: lines like <c> DE video4linux2,v4l2 Video4Linux2 output device</c> after the <c>--</c> line.</summary>
    public static IReadOnlySet<string> Parse(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var body = false;
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!body)
            {
                body = line.Trim() == "--";
                continue;
            }

            // Two flag columns, a space, then the names.
            if (line.Length < 5 || line[1] != 'D')
            {
                continue;
            }

            var rest = line[4..].TrimStart();
            var end = rest.IndexOf(' ', StringComparison.Ordinal);
            foreach (var name in (end < 0 ? rest : rest[..end]).Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
