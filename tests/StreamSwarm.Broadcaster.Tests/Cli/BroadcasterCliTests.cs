using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StreamSwarm.Broadcaster.Cli;

namespace StreamSwarm.Broadcaster.Tests.Cli;

public sealed class BroadcasterCliTests : IDisposable
{
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), $"streamswarm-test-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(_logFile);

    private string[] GoLive(params string[] overrides)
    {
        var options = new Dictionary<string, string>
        {
            ["--server"] = "http://127.0.0.1:9",
            ["--key"] = "k3y",
            ["--stream"] = "demo",
            ["--source"] = "testsrc",
            ["--log-file"] = _logFile,
        };
        for (var i = 0; i < overrides.Length; i += 2)
        {
            options[overrides[i]] = overrides[i + 1];
        }

        return ["go-live", .. options.SelectMany(o => new[] { o.Key, o.Value })];
    }

    [Fact]
    public async Task Help_ListsEveryOptionAndExitsZero()
    {
        var result = await CliRun.RunAsync(["go-live", "--help"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        foreach (var option in new[] { "--server", "--key", "--stream", "--source", "--loop", "--size", "--fps", "--bitrate", "--segment", "--part", "--duration", "testsrc|file:PATH" })
        {
            Assert.Contains(option, result.Output, StringComparison.Ordinal);
        }

        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task NoCommand_IsAUsageError()
    {
        var result = await CliRun.RunAsync([]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("go-live", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageErrorOnOneLine()
    {
        var result = await CliRun.RunAsync([.. GoLive(), "--bogus"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains("--bogus", line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--source", "webcam", "Unknown source 'webcam': use --source testsrc, file:PATH, v4l2:DEVICE or x11grab:DISPLAY")]
    [InlineData("--source", "file:/definitely/not/here.mp4", "does not exist")]
    [InlineData("--server", "localhost:8080", "Bad server URL")]
    [InlineData("--server", "ftp://127.0.0.1", "Bad server URL")]
    [InlineData("--size", "big", "Bad --size 'big'")]
    [InlineData("--fps", "1000", "Bad --fps '1000'")]
    [InlineData("--bitrate", "lots", "Bad --bitrate 'lots'")]
    [InlineData("--stream", "Bad Name", "Stream name 'Bad Name' is invalid")]
    [InlineData("--duration", "0", "Bad --duration")]
    public async Task BadArgument_PrintsOneLineAndExitsWithUsage(string option, string value, string expected)
    {
        var result = await CliRun.RunAsync(GoLive(option, value));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains("streamswarm go-live --help", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("--size", "1280x720", "--ladder 720p,360p conflicts with --size 1280x720: ")]
    [InlineData("--bitrate", "2500k", "--ladder 720p,360p conflicts with --bitrate 2500k: ")]
    public async Task LadderWithTypedSizeOrBitrate_IsAUsageErrorNamingTheConflict(string option, string value, string expected)
    {
        // Typed, even when equal to the default: the presets would silently override it.
        var result = await CliRun.RunAsync(GoLive("--ladder", "720p,360p", option, value));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"streamswarm: {expected}", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LadderAlone_IsNotAConflictWithTheDefaults()
    {
        // Nothing listens on port 9: the run gets past parsing and fails at the session, exit 1.
        var result = await CliRun.RunAsync(GoLive("--ladder", "720p,360p", "--encoder", "libx264"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.DoesNotContain("--ladder", result.SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRequiredOption_SaysWhichOne()
    {
        var result = await CliRun.RunAsync(["go-live", "--server", "http://127.0.0.1:9", "--stream", "demo", "--source", "testsrc"]);

        if (Environment.GetEnvironmentVariable(BroadcasterCli.KeyEnvironmentVariable) is null)
        {
            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.Contains("Missing --key", result.SingleErrorLine(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnreachableServer_GivesUpQuicklyWithOneLineAndExitOne()
    {
        var port = ClosedLoopbackPort();
        var clock = Stopwatch.StartNew();

        var result = await CliRun.RunAsync(GoLive("--server", $"http://127.0.0.1:{port}"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains($"Cannot reach the server at http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("connection refused", line, StringComparison.Ordinal);
        Assert.Contains("Gave up after 4 attempts", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Watch at", result.Output, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
    }

    /// <summary>A loopback port nobody listens on: bound once by us, then released.</summary>
    internal static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
