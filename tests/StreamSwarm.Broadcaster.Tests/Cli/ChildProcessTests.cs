using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests.Cli;

/// <summary>The built program as scripts run it: <c>dotnet streamswarm.dll …</c>.</summary>
public sealed class ChildProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Help_ExitsZero()
    {
        await using var child = ChildCli.Start("go-live", "--help");

        Assert.Equal(ExitCodes.Ok, await child.WaitForExitAsync(Timeout));
        Assert.Contains("--source", child.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes", child.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSource_OneLineOnStderr_ExitTwo()
    {
        await using var child = ChildCli.Start("go-live", "--server", "http://127.0.0.1:9", "--key", "k", "--stream", "demo", "--source", "v4l2");

        Assert.Equal(ExitCodes.Usage, await child.WaitForExitAsync(Timeout));
        var line = Assert.Single(child.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("streamswarm: Unknown source 'v4l2': use --source testsrc, file:PATH, v4l2:DEVICE or x11grab:DISPLAY. Run 'streamswarm go-live --help' for usage.", line);
        Assert.Empty(child.Output);
    }
}
