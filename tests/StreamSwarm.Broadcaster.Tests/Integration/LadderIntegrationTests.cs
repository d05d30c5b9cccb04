using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests.Integration;

/// <summary>
/// <c>go-live --ladder</c> against the real server: one ffmpeg, two renditions, each readable by
/// ffprobe through the master playlist, keyframes at the same times, and the top one recorded locally.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class LadderIntegrationTests(LiveServer server) : IClassFixture<LiveServer>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _dir = Directory.CreateTempSubdirectory("streamswarm-ladder-it-").FullName;

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ladder_TwoRenditions_MasterPlaylistFfprobeAlignedKeyframes_AndRecording()
    {
        const string stream = "it-ladder";
        var log = Path.Combine(_dir, "go-live.log");
        var recording = Path.Combine(_dir, "show.mp4");

        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--ladder", "240p,480p", "--segment", "1", "--duration", "8",
            "--record", recording, "--log-file", log,
        ]);

        var context = $"exit {result.ExitCode}\n{result.Error}\n{result.Output}\n{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)")}";
        Assert.True(result.ExitCode == ExitCodes.Ok, context);
        Assert.Contains(result.OutputLines, l => l.StartsWith("Encoder: libx264", StringComparison.Ordinal));

        // The master playlist lists both, top first, with what a player needs to choose.
        var master = await _http.GetStringAsync(new Uri(server.BaseUri, $"live/{stream}/master.m3u8"));
        var variants = master.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, variants.Count);
        Assert.Contains("BANDWIDTH=1528000", variants[0], StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=854x480", variants[0], StringComparison.Ordinal);
        Assert.Contains("BANDWIDTH=528000", variants[1], StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=426x240", variants[1], StringComparison.Ordinal);
        Assert.All(variants, v => Assert.Matches("CODECS=\"avc1\\.[0-9a-fA-F]{6},mp4a\\.40\\.2\"", v));
        Assert.Contains("480p/index.m3u8", master, StringComparison.Ordinal);
        Assert.Contains("240p/index.m3u8", master, StringComparison.Ordinal);

        // ffprobe, opening the master playlist, finds every rendition's picture and sound.
        var probe = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "json", $"{server.Url}/live/{stream}/master.m3u8"]);
        var streams = JsonDocument.Parse(probe).RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => s.TryGetProperty("width", out var w) ? $"{s.GetProperty("codec_name").GetString()} {w.GetInt32()}x{s.GetProperty("height").GetInt32()}" : s.GetProperty("codec_name").GetString())
            .ToList();
        Assert.Contains("h264 854x480", streams);
        Assert.Contains("h264 426x240", streams);
        Assert.Contains("aac", streams);

        // Keyframes at the same presentation times in both renditions.
        var top = await KeyframeTimesAsync($"{server.Url}/live/{stream}/480p/index.m3u8");
        var low = await KeyframeTimesAsync($"{server.Url}/live/{stream}/240p/index.m3u8");
        Assert.True(top.Count >= 4, $"only {top.Count} keyframes: {string.Join(' ', top)}");
        Assert.Equal(top, low);

        // The recording is the top rendition, playable to its end.
        Assert.Contains(result.OutputLines, l => l.StartsWith($"Recorded 480p to {recording}", StringComparison.Ordinal));
        var recorded = JsonDocument.Parse(await RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration:stream=codec_name,width,height", "-of", "json", recording])).RootElement;
        var duration = double.Parse(recorded.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(duration, 4, 10);
        Assert.Contains(recorded.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264" && s.GetProperty("width").GetInt32() == 854);
        Assert.Empty((await RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", recording, "-f", "null", "-"], stderr: true)).Trim());
    }

    [Fact]
    public async Task UnknownLadderPreset_OneLineUsageError()
    {
        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor("it-ladder"), "--stream", "it-ladder",
            "--source", "testsrc", "--ladder", "720p,4k",
        ]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Unknown ladder preset '4k': use 1080p, 720p, 480p, 360p, 240p", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    private static async Task<List<string>> KeyframeTimesAsync(string url)
    {
        var csv = await RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", url]);
        return [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.TrimEnd(','))];
    }

    private static async Task<string> RunAsync(string file, string[] args, bool stderr = false)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} exit {process.ExitCode}: {await errors}");
        return stderr ? await errors : await stdout;
    }
}
