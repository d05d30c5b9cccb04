using System.Globalization;
using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// The broadcaster rides out what goes wrong during a show: its ffmpeg killed mid-stream (restarted,
/// the playlist marks a discontinuity, a browser viewer keeps playing) and the server restarted (the
/// broadcaster continues in a new session on its own).
/// </summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private LiveRig? _rig;

    // xunit 2 honours IAsyncLifetime, not IAsyncDisposable, on test classes: with the latter the
    // rig's server and broadcaster outlived the test host (found as orphans by scripts/test.sh).
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        _http.Dispose();
    }

    [Fact]
    public async Task KillingFfmpeg_RestartsIt_PlaylistMarksADiscontinuity_ViewerKeepsPlaying()
    {
        _rig = await LiveRig.StartServerAsync("e2e-kill", "e2e-kill");
        await _rig.StartBroadcastAsync("e2e-kill", ["--size", "640x360", "--bitrate", "700k"]);
        await _rig.WaitForSegmentsAsync(_http, 2, TimeSpan.FromSeconds(60));
        var broadcaster = _rig.Broadcaster!;

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 640, Height = 400 } });
            await page.GotoAsync(_rig.WatchUri.ToString());
            await page.WaitForFunctionAsync(
                "() => { const v = document.querySelector('video'); return v && v.currentTime > 1 && !v.paused; }",
                null,
                new() { Timeout = 60_000 });

            var ffmpeg = FfmpegChildOf(broadcaster.Id);
            Assert.True(ffmpeg > 0, "the broadcaster runs an ffmpeg child");
            using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", ffmpeg.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await broadcaster.WaitForLineAsync("ffmpeg stopped unexpectedly", TimeSpan.FromSeconds(30));
            var media = await _rig.FirstMediaPlaylistUriAsync(_http);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string playlist;
            while (!(playlist = await _http.GetStringAsync(media)).Contains("#EXT-X-DISCONTINUITY", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no EXT-X-DISCONTINUITY within 30 s of the restart:\n{playlist}\n{broadcaster.Output}");
                await Task.Delay(250);
            }

            Assert.NotEqual(ffmpeg, FfmpegChildOf(broadcaster.Id));

            // After the restart the viewer plays on. Not a rate check: on a loaded 2-core machine the
            // encoder itself can run below realtime (7 s in 10 s was seen at load average 37).
            var before = await page.EvaluateAsync<double>("() => document.querySelector('video').currentTime");
            await Task.Delay(10_000);
            var after = await page.EvaluateAsync<double>("() => document.querySelector('video').currentTime");
            var paused = await page.EvaluateAsync<bool>("() => document.querySelector('video').paused");
            await page.ScreenshotAsync(new() { Path = Path.Combine(RepoPaths.Artifacts, "resilience-ffmpeg-killed.png") });
            await File.WriteAllTextAsync(
                Path.Combine(RepoPaths.Artifacts, "resilience-ffmpeg-killed.txt"),
                string.Create(CultureInfo.InvariantCulture, $"after the restart: currentTime {before:0.00} -> {after:0.00} in 10 s wall, paused={paused}\n{playlist}\n"));
            Assert.False(paused);
            Assert.True(after - before >= 4, $"the viewer advanced only {after - before:0.00} s in 10 s after the restart");
        }
    }

    [Fact]
    public async Task RestartingTheServer_BroadcasterResumesInANewSessionOnItsOwn()
    {
        _rig = await LiveRig.StartServerAsync("e2e-restart", "e2e-restart");
        await _rig.StartBroadcastAsync("e2e-restart", ["--size", "640x360", "--bitrate", "700k"]);
        await _rig.WaitForSegmentsAsync(_http, 2, TimeSpan.FromSeconds(60));

        await _rig.RestartServerAsync(TimeSpan.FromSeconds(4));

        // The new server knows nothing of the old session; the broadcaster starts another and goes on.
        await _rig.Broadcaster!.WaitForLineAsync("continuing in a new session", TimeSpan.FromSeconds(60));
        await _rig.WaitForSegmentsAsync(_http, 2, TimeSpan.FromSeconds(60));
        Assert.False(_rig.Broadcaster.HasExited, _rig.Broadcaster.Output);
    }

    /// <summary>The pid of the ffmpeg process whose parent is <paramref name="parent"/>, or 0.</summary>
    private static int FfmpegChildOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
            var close = stat.LastIndexOf(')');
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var fields = stat[(close + 2)..].Split(' ');
            if (stat[(open + 1)..close] == "ffmpeg" && fields.Length > 1 && fields[1] == parent.ToString(CultureInfo.InvariantCulture))
            {
                return pid;
            }
        }

        return 0;
    }
}
