using Microsoft.AspNetCore.Builder;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Broadcaster.Tests.Integration;

/// <summary>The real StreamSwarm server in-process on 127.0.0.1 port 0, with one key per test stream.</summary>
public sealed class LiveServer : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("streamswarm-broadcaster-it-").FullName;
    private WebApplication? _app;

    /// <summary>Streams with a configured key: each test broadcasts to its own.</summary>
    public static readonly string[] Streams = ["it-testsrc", "it-sigint", "it-wrongkey", "it-ladder", "it-dashboard", "it-prompt", "it-audio", "it-audio-alsa", "it-x11"];

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1:9");

    /// <summary>Server URL as a user types it (no trailing slash).</summary>
    public string Url => BaseUri.AbsoluteUri.TrimEnd('/');

    public static string KeyFor(string stream) => $"key-{stream}-0123456789abcdef";

    public async Task InitializeAsync()
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--StreamSwarm:KeysFile={Path.Combine(_state, "keys.json")}",
            "--Logging:LogLevel:Default=Warning",
        };
        for (var i = 0; i < Streams.Length; i++)
        {
            args.Add($"--StreamSwarm:Keys:{i}:Stream={Streams[i]}");
            args.Add($"--StreamSwarm:Keys:{i}:Key={KeyFor(Streams[i])}");
        }

        (_app, BaseUri) = await StreamSwarmServer.StartAsync([.. args], contentRoot: _state);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_state, recursive: true);
    }
}
