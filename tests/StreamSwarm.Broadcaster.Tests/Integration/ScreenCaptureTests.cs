using System.Diagnostics;
using StreamSwarm.Broadcaster.Cli;
using Xunit.Abstractions;

namespace StreamSwarm.Broadcaster.Tests.Integration;

/// <summary>x11grab for real: a virtual X server (Xvfb) on this machine, captured live to the real server.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class ScreenCaptureTests(LiveServer server, ITestOutputHelper output) : IClassFixture<LiveServer>, IDisposable
{
    private const string Xvfb = "/usr/bin/Xvfb";
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"streamswarm-x11-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(_logFile);

    [Fact]
    public async Task X11Grab_OfAVirtualScreen_GoesLive()
    {
        if (!File.Exists(Xvfb))
        {
            output.WriteLine("Xvfb is not installed (apt-get install xvfb): the x11grab capture is not exercised here.");
            return;
        }

        const string stream = "it-x11";
        var display = 90 + Random.Shared.Next(9);
        using var x = Process.Start(new ProcessStartInfo(Xvfb, [$":{display}", "-screen", "0", "640x360x24", "-nolisten", "tcp"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        try
        {
            var socket = $"/tmp/.X11-unix/X{display}";
            for (var i = 0; i < 100 && !File.Exists(socket); i++)
            {
                await Task.Delay(100);
            }

            var result = await CliRun.RunAsync(
            [
                "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
                "--source", $"x11grab::{display}", "--size", "320x180", "--bitrate", "300k", "--encoder", "libx264",
                "--audio", "tone:440", "--duration", "8", "--log-file", _logFile,
            ]);

            var log = File.Exists(_logFile) ? await File.ReadAllTextAsync(_logFile) : "(no log)";
            Assert.True(result.ExitCode == ExitCodes.Ok, $"exit {result.ExitCode}\n{result.Error}\n{result.Output}\n{log}");
            Assert.Contains($"-f x11grab -framerate 30 -i :{display}", log, StringComparison.Ordinal);
            using var http = new HttpClient();
            var playlist = await http.GetStringAsync(new Uri(server.BaseUri, $"live/{stream}/main/index.m3u8"));
            Assert.Contains("#EXTINF:", playlist, StringComparison.Ordinal);
            Assert.Contains("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        }
        finally
        {
            x.Kill();
            await x.WaitForExitAsync();
        }
    }
}
