using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Tests.Support;

/// <summary>The server on real Kestrel at 127.0.0.1 (port 0), with keys for two streams, and an HTTP client for it.</summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string Key = "test-key-for-demo-0123456789";
    public const string OtherKey = "test-key-for-other-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("streamswarm-server-tests-").FullName;
    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public WebApplication App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        (_app, BaseUri) = await StreamSwarmServer.StartAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--StreamSwarm:Keys:0:Stream=demo", $"--StreamSwarm:Keys:0:Key={Key}",
            "--StreamSwarm:Keys:1:Stream=other", $"--StreamSwarm:Keys:1:Key={OtherKey}",
            "--StreamSwarm:Keys:2:Stream=blocking", $"--StreamSwarm:Keys:2:Key={Key}",
            "--StreamSwarm:Keys:3:Stream=evict", $"--StreamSwarm:Keys:3:Key={Key}",
            "--StreamSwarm:Keys:4:Stream=swarm", $"--StreamSwarm:Keys:4:Key={Key}",
            $"--StreamSwarm:KeysFile={Path.Combine(_folder, "keys.json")}",
            "--StreamSwarm:Ingest:MaxPartBytes=1048576",
            "--StreamSwarm:Swarm:ViewersPerFetcher=8", // OriginFetchersHubTests: a second fetcher from the 9th peer
            "--Logging:LogLevel:Default=Warning",
        ]);
        Http.BaseAddress = BaseUri;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Starts a session of one rendition <c>main</c>; returns its id.</summary>
    public async Task<string> StartSessionAsync(string stream, string key = Key)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/ingest/{stream}/sessions", key, JsonContent.Create(new
        {
            renditions = new[] { new { name = "main", bandwidth = 800_000, width = 320, height = 180, frameRate = 30 } },
            targetSegmentSeconds = 2.0,
            partTargetSeconds = 0.5,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        return body!["sessionId"];
    }

    public Task<HttpResponseMessage> PutInitAsync(string stream, string session, byte[] init, string key = Key) =>
        SendAsync(HttpMethod.Put, $"/api/ingest/{stream}/sessions/{session}/main/init", key, new ByteArrayContent(init));

    public Task<HttpResponseMessage> PutPartAsync(string stream, string session, ClipPart part, string key = Key, byte[]? body = null, Action<HttpRequestMessage>? tweak = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/ingest/{stream}/sessions/{session}/main/parts/{part.Msn}/{part.Part}")
        {
            Content = new ByteArrayContent(body ?? part.Bytes),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-Part-Duration", part.DurationSeconds.ToString("0.000", CultureInfo.InvariantCulture));
        request.Headers.Add("X-Part-Independent", part.Independent ? "true" : "false");
        request.Headers.Add("X-Program-Date-Time", part.ProgramDateTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        tweak?.Invoke(request);
        return Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await Http.SendAsync(request);
    }
}

[CollectionDefinition(Name)]
public sealed class LiveServerCollection : ICollectionFixture<LiveServer>
{
    public const string Name = "live server";
}
