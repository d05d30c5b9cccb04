using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace StreamSwarm.Bench.Live;

/// <summary>
/// The main job as a person runs it: the server and a test-pattern broadcast as real processes
/// on 127.0.0.1 (a fresh port and keys file each time), ended cleanly on dispose. Used by the
/// end-to-end tests and the latency bench.
/// </summary>
public sealed class LiveRig : IAsyncDisposable
{
    private readonly string _state;
    private readonly string _keysFile;
    private readonly string _logPrefix;
    private readonly IReadOnlyList<string> _serverArguments;
    private ChildProcess _server;
    private int _serverRuns = 1;
    private ChildProcess? _broadcaster;

    private LiveRig(string state, string keysFile, string logPrefix, IReadOnlyList<string> serverArguments, ChildProcess server, Uri baseUri, string stream, string key)
    {
        _state = state;
        _keysFile = keysFile;
        _logPrefix = logPrefix;
        _serverArguments = serverArguments;
        _server = server;
        BaseUri = baseUri;
        Stream = stream;
        Key = key;
    }

    public Uri BaseUri { get; }

    public string Stream { get; }

    /// <summary>The stream key the broadcaster uses (kept so tests can start a second broadcaster).</summary>
    public string Key { get; }

    public Uri WatchUri => new(BaseUri, $"/watch/{Stream}");

    public Uri MasterPlaylistUri => new(BaseUri, $"/live/{Stream}/master.m3u8");

    public ChildProcess Server => _server;

    public ChildProcess? Broadcaster => _broadcaster;

    /// <summary>Creates a key, starts the server and waits until it answers /healthz.</summary>
    public static async Task<LiveRig> StartServerAsync(string stream, string logPrefix, CancellationToken cancellationToken = default, IEnumerable<string>? serverArguments = null)
    {
        var state = Directory.CreateTempSubdirectory("streamswarm-live-").FullName;
        var keysFile = Path.Combine(state, "keys.json");
        var key = await CreateKeyAsync(stream, keysFile, logPrefix);
        var baseUri = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
        var extra = serverArguments?.ToList() ?? [];
        var server = StartServer(baseUri, keysFile, extra, $"{logPrefix}-server.log");
        var rig = new LiveRig(state, keysFile, logPrefix, extra, server, baseUri, stream, key);
        try
        {
            await rig.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the server (SIGINT, as an operator would), leaves it down for <paramref name="downtime"/>,
    /// then starts it again on the same port with the same keys: its in-memory window is gone.
    /// </summary>
    public async Task RestartServerAsync(TimeSpan downtime, CancellationToken cancellationToken = default)
    {
        await _server.DisposeAsync();
        await Task.Delay(downtime, cancellationToken);
        _serverRuns++;
        _server = StartServer(BaseUri, _keysFile, _serverArguments, $"{_logPrefix}-server-{_serverRuns}.log");
        await WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Starts <c>streamswarm go-live</c> with a test pattern and waits for its watch line.</summary>
    public async Task StartBroadcastAsync(string logPrefix, IEnumerable<string>? extraArguments = null)
    {
        string[] args =
        [
            RepoPaths.BroadcasterDll, "go-live", "--server", BaseUri.ToString().TrimEnd('/'), "--key", Key,
            "--stream", Stream, "--source", "testsrc",
        ];
        _broadcaster = ChildProcess.Start("dotnet", args.Concat(extraArguments ?? []), $"{logPrefix}-broadcaster.log");
        await _broadcaster.WaitForLineAsync("Watch at ", TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until the first rendition's playlist lists at least this many whole segments.</summary>
    public async Task WaitForSegmentsAsync(HttpClient http, int minSegments, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(MasterPlaylistUri);
            if (response.IsSuccessStatusCode)
            {
                var media = await http.GetStringAsync(await FirstMediaPlaylistUriAsync(http));
                if (media.Split('\n').Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal)) >= minSegments)
                {
                    return;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"fewer than {minSegments} segments after {timeout.TotalSeconds} s. Broadcaster:\n{_broadcaster?.Output}");
    }

    /// <summary>The hub's aggregate of the stream's swarm: <c>GET /api/streams/{stream}/swarm</c>.</summary>
    public async Task<JsonElement> SwarmStatsAsync(HttpClient http) =>
        await http.GetFromJsonAsync<JsonElement>(new Uri(BaseUri, $"/api/streams/{Stream}/swarm"));

    /// <summary>The media playlist of the first rendition listed in the master playlist.</summary>
    public async Task<Uri> FirstMediaPlaylistUriAsync(HttpClient http)
    {
        var master = await http.GetStringAsync(MasterPlaylistUri);
        var line = master.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        return new Uri(MasterPlaylistUri, line);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broadcaster is not null)
        {
            await _broadcaster.DisposeAsync();
        }

        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
            // a log still open by a dying child; the temp folder is cleaned by the OS
        }
    }

    private static ChildProcess StartServer(Uri baseUri, string keysFile, IEnumerable<string> extra, string logName) =>
        ChildProcess.Start(
            "dotnet",
            new[] { RepoPaths.ServerDll, "--urls", baseUri.ToString().TrimEnd('/'), $"--StreamSwarm:KeysFile={keysFile}" }.Concat(extra),
            logName);

    private static async Task<string> CreateKeyAsync(string stream, string keysFile, string logPrefix)
    {
        await using var cli = ChildProcess.Start("dotnet", [RepoPaths.ServerDll, "keys", "create", "--stream", stream, "--keys-file", keysFile], $"{logPrefix}-keys.log");
        var rc = await cli.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rc != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"keys create failed ({rc}): {cli.Output}");
        }

        return lines[^1];
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException("the server exited: " + _server.Output);
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "/healthz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException("the server did not answer /healthz: " + _server.Output);
    }
}
