using System.Diagnostics;
using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests.Integration;

/// <summary>
/// The real CLI, real ffmpeg and the real server (in-process on 127.0.0.1:0): what a viewer gets
/// is checked with the server's playlists and ffprobe.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class GoLiveIntegrationTests(LiveServer server) : IClassFixture<LiveServer>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"streamswarm-it-{Guid.NewGuid():N}.log");

    public void Dispose()
    {
        _http.Dispose();
        File.Delete(_logFile);
    }

    [Fact]
    public async Task TestPattern_ForEightSeconds_EndsWithAPlayableStream()
    {
        const string stream = "it-testsrc";

        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--duration", "8", "--log-file", _logFile,
        ]);

        Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}\n{result.Error}\n{result.Output}\n{ReadLog()}");
        Assert.Empty(result.Error);
        Assert.Contains($"Watch at {server.Url}/watch/{stream}", result.OutputLines);
        Assert.Contains(result.OutputLines, l => l.StartsWith($"status stream={stream} ", StringComparison.Ordinal));

        var media = await _http.GetStringAsync(new Uri(server.BaseUri, $"live/{stream}/main/index.m3u8"));
        var lines = media.Split('\n', StringSplitOptions.TrimEntries);
        // 8 s of 2 s segments; fewer if ffmpeg starts slowly on a loaded machine.
        Assert.InRange(lines.Count(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)), 2, 6);
        Assert.Contains(lines, l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal));
        Assert.Contains("#EXT-X-ENDLIST", lines);

        var codecs = await FfprobeCodecsAsync(new Uri(server.BaseUri, $"live/{stream}/master.m3u8"));
        Assert.Contains("h264", codecs);
        Assert.Contains("aac", codecs);
    }

    [Fact]
    public async Task WrongKey_OneLineExitOne()
    {
        var result = await CliRun.RunAsync(
        [
            "go-live", "--server", server.Url, "--key", "not-the-key", "--stream", "it-wrongkey",
            "--source", "testsrc", "--duration", "5", "--log-file", _logFile,
        ]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains("refused the stream key for 'it-wrongkey' (401)", line, StringComparison.Ordinal);
        Assert.Contains("Check --key", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Watch at", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigInt_ToTheRealProgram_EndsTheStreamCleanly()
    {
        const string stream = "it-sigint";
        await using var child = ChildCli.Start(
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--size", "640x360", "--bitrate", "800k", "--log-file", _logFile);
        try
        {
            await child.WaitForLineAsync("Watch at ", TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            Assert.Fail($"no watch line: {ex.Message}\n{child.Error}\n{child.Output}\n{ReadLog()}");
        }

        var playlist = new Uri(server.BaseUri, $"live/{stream}/main/index.m3u8");
        await WaitForAsync(async () => (await TryGetAsync(playlist))?.Contains("#EXTINF:", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));

        await child.SignalAsync("INT");
        var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{child.Error}\n{child.Output}\n{ReadLog()}");
        Assert.Empty(child.Error);
        Assert.Contains("session ended on the server", child.Output, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-ENDLIST", await _http.GetStringAsync(playlist), StringComparison.Ordinal);
    }

    private async Task<string?> TryGetAsync(Uri uri)
    {
        using var response = await _http.GetAsync(uri);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"condition not met within {timeout.TotalSeconds} s");
            await Task.Delay(200);
        }
    }

    private string ReadLog() => File.Exists(_logFile) ? File.ReadAllText(_logFile) : "(no log)";

    private static async Task<string[]> FfprobeCodecsAsync(Uri url)
    {
        var psi = new ProcessStartInfo("/usr/bin/ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[] { "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url.ToString() })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"ffprobe exit {process.ExitCode}: {await stderr}");
        return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
