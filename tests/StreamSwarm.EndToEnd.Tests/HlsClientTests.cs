using System.Diagnostics;
using System.Text.Json;

using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>Plain HLS clients (ffprobe, ffmpeg) watch and record the live origin.</summary>
[Collection(LiveBroadcastCollection.Name)]
public sealed class HlsClientTests(LiveBroadcast live)
{
    [Fact]
    public async Task Ffprobe_FindsH264VideoAndAacAudio_InTheMasterPlaylist()
    {
        var (rc, stdout, stderr) = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "json", live.Rig.MasterPlaylistUri.ToString()], TimeSpan.FromSeconds(60));
        Assert.True(rc == 0, stderr);
        var codecs = JsonDocument.Parse(stdout).RootElement.GetProperty("streams").EnumerateArray()
            .Select(s => $"{s.GetProperty("codec_type").GetString()}:{s.GetProperty("codec_name").GetString()}")
            .ToList();
        Assert.Contains("video:h264", codecs);
        Assert.Contains("audio:aac", codecs);
    }

    [Fact]
    public async Task FfmpegCopy_RecordsTenSecondsOfTheLiveUrl_IntoAPlayableFile()
    {
        var file = Path.Combine(RepoPaths.Artifacts, "recording.mp4");
        File.Delete(file);
        var (rc, _, stderr) = await RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-i", live.Rig.MasterPlaylistUri.ToString(), "-t", "10", "-c", "copy", file], TimeSpan.FromSeconds(90));
        Assert.True(rc == 0, stderr);

        var (prc, json, perr) = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration:stream=codec_name", "-of", "json", file], TimeSpan.FromSeconds(30));
        Assert.True(prc == 0, perr);
        var root = JsonDocument.Parse(json).RootElement;
        var duration = double.Parse(root.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 9.0, 11.0);

        // Decoding every frame finds no error: the file plays.
        var (drc, _, derr) = await RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", file, "-f", "null", "-"], TimeSpan.FromSeconds(60));
        Assert.True(drc == 0 && derr.Trim().Length == 0, derr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} ran over {timeout.TotalSeconds} s");
        }

        return (p.ExitCode, await stdout, await stderr);
    }
}
