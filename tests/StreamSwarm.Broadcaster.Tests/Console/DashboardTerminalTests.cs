using System.Text.RegularExpressions;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Broadcaster.Tests.Integration;

namespace StreamSwarm.Broadcaster.Tests.Console;

/// <summary>
/// The dashboard and the prompts in a real terminal (tmux) against the real server, real ffmpeg and
/// the built program: what a streamer sees and types.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed partial class DashboardTerminalTests(LiveServer server) : IClassFixture<LiveServer>, IDisposable
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan End = TimeSpan.FromSeconds(60);
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"streamswarm-tmux-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(_logFile);

    [Fact]
    public async Task Dashboard_ShowsFpsBitrateMetersAndViewers_QEndsWithExitZero()
    {
        const string stream = "it-dashboard";
        await using var terminal = await TmuxTerminal.StartAsync(
            "go-live", "--server", server.Url, "--key", LiveServer.KeyFor(stream), "--stream", stream,
            "--source", "testsrc", "--size", "640x360", "--encoder", "libx264", "--audio", "tone:440", "--gain", "0.5", "--log-file", _logFile);

        // A rendition row with a real frame rate and bitrate, under the fps and bitrate headers.
        var screen = await terminal.WaitForAsync(s => RenditionRow().IsMatch(s), Start, "a 'main' row with fps and bitrate");
        Assert.Matches(HeaderRow(), screen);
        Assert.Contains("audio mix", screen, StringComparison.Ordinal);
        Assert.Contains("1 tone 440 Hz", screen, StringComparison.Ordinal);
        Assert.Contains("upload queue", screen, StringComparison.Ordinal);
        // One rendition: parts and segments plainly (a ladder says "N parts over K renditions").
        Assert.Matches(@"\d+ parts, \d+ segments", screen);
        await terminal.WaitForTextAsync("viewers 0 · P2P share 0%", Start);

        await terminal.TypeAsync("m");
        await terminal.WaitForTextAsync("audio MUTED", End);

        await terminal.TypeAsync("q");
        Assert.Equal(ExitCodes.Ok, await terminal.WaitForExitAsync(End));
        var end = await terminal.CaptureAsync();
        Assert.Contains("session ended", end, StringComparison.Ordinal);
        Assert.Contains("'q' pressed", await File.ReadAllTextAsync(_logFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingOptions_AreAskedFor_BadAnswersRejected_ThenGoesLive()
    {
        const string stream = "it-prompt";
        await using var terminal = await TmuxTerminal.StartAsync("go-live", "--encoder", "libx264", "--log-file", _logFile);

        await terminal.WaitForTextAsync("Server URL:", Start);
        Assert.Contains("http://127.0.0.1:8080", await terminal.CaptureAsync(), StringComparison.Ordinal);
        await terminal.TypeAsync("ftp://nowhere");
        await terminal.PressEnterAsync();
        await terminal.WaitForTextAsync("use an absolute http:// or https:// URL", End);
        await terminal.TypeAsync(server.Url);
        await terminal.PressEnterAsync();

        await terminal.WaitForTextAsync("Stream name:", End);
        await terminal.TypeAsync("Bad Name!");
        await terminal.PressEnterAsync();
        await terminal.WaitForTextAsync("Stream name 'Bad Name!' is invalid", End);
        await terminal.TypeAsync(stream);
        await terminal.PressEnterAsync();

        await terminal.WaitForTextAsync($"Stream key for '{stream}':", End);
        await terminal.TypeAsync(LiveServer.KeyFor(stream));
        await terminal.PressEnterAsync();

        await terminal.WaitForTextAsync("Source", End);
        Assert.DoesNotContain(LiveServer.KeyFor(stream), await terminal.CaptureAsync(), StringComparison.Ordinal);
        await terminal.TypeAsync("file:/no/such/file.mp4");
        await terminal.PressEnterAsync();
        await terminal.WaitForTextAsync("does not exist", End);
        await terminal.PressEnterAsync(); // the default: testsrc

        await terminal.WaitForAsync(s => RenditionRow().IsMatch(s), Start, "the dashboard");
        await terminal.TypeAsync("q");
        var code = await terminal.WaitForExitAsync(End);
        Assert.True(code == ExitCodes.Ok, $"exit {code}\n{await terminal.CaptureAsync()}\n{(File.Exists(_logFile) ? await File.ReadAllTextAsync(_logFile) : "(no log)")}");
    }

    [GeneratedRegex(@"rendition\s+fps\s+speed\s+bitrate\s+parts\s+made")]
    private static partial Regex HeaderRow();

    [GeneratedRegex(@"main\s+[1-9]\d*\.\d\s+\d+\.\d\dx\s+[1-9]\d*kbit/s")]
    private static partial Regex RenditionRow();
}
