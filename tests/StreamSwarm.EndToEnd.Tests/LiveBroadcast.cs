using System.Net;
using System.Net.Sockets;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// The main job as a person runs it: the server and a test-pattern broadcast as real processes on
/// 127.0.0.1, started once for every test of the collection and ended cleanly afterwards.
/// </summary>
public sealed class LiveBroadcast : IAsyncLifetime
{
    public const string Stream = "e2e";

    private readonly string _state = Directory.CreateTempSubdirectory("streamswarm-e2e-").FullName;
    private ChildProcess? _server;
    private ChildProcess? _broadcaster;

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public Uri WatchUri => new(BaseUri, $"/watch/{Stream}");

    public Uri MasterPlaylistUri => new(BaseUri, $"/live/{Stream}/master.m3u8");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        var keysFile = Path.Combine(_state, "keys.json");
        var key = await CreateKeyAsync(keysFile);
        var port = FreeLoopbackPort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");

        _server = ChildProcess.Start("dotnet", [RepoPaths.ServerDll, "--urls", BaseUri.ToString().TrimEnd('/'), $"--StreamSwarm:KeysFile={keysFile}"], "e2e-server.log");
        await WaitHealthyAsync();

        _broadcaster = ChildProcess.Start(
            "dotnet",
            [RepoPaths.BroadcasterDll, "go-live", "--server", BaseUri.ToString().TrimEnd('/'), "--key", key, "--stream", Stream, "--source", "testsrc", "--size", "1280x720", "--fps", "30"],
            "e2e-broadcaster.log");
        await _broadcaster.WaitForLineAsync("Watch at ", TimeSpan.FromSeconds(60));
        await WaitForSegmentsAsync(minSegments: 2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_broadcaster is not null)
        {
            await _broadcaster.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Http.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    /// <summary>The media playlist of the first rendition listed in the master playlist.</summary>
    public async Task<Uri> FirstMediaPlaylistUriAsync()
    {
        var master = await Http.GetStringAsync(MasterPlaylistUri);
        var line = master.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        return new Uri(MasterPlaylistUri, line);
    }

    private static async Task<string> CreateKeyAsync(string keysFile)
    {
        await using var cli = ChildProcess.Start("dotnet", [RepoPaths.ServerDll, "keys", "create", "--stream", Stream, "--keys-file", keysFile], "e2e-keys.log");
        var rc = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(rc == 0 && lines.Length > 0, $"keys create failed ({rc}): {cli.Output}");
        return lines[^1];
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_server!.HasExited, "the server exited: " + _server.Output);
            try
            {
                using var response = await Http.GetAsync(new Uri(BaseUri, "/healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not answer /healthz: " + _server!.Output);
    }

    private async Task WaitForSegmentsAsync(int minSegments, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync(MasterPlaylistUri);
            if (response.IsSuccessStatusCode)
            {
                var media = await Http.GetStringAsync(await FirstMediaPlaylistUriAsync());
                var segments = media.Split('\n').Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal));
                if (segments >= minSegments)
                {
                    return;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"fewer than {minSegments} segments after {timeout.TotalSeconds} s. Broadcaster:\n{_broadcaster!.Output}");
    }
}

[CollectionDefinition(Name)]
public sealed class LiveBroadcastCollection : ICollectionFixture<LiveBroadcast>
{
    public const string Name = "live broadcast";
}
