using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Server.Tests.Admin;

/// <summary>The keys admin API on real Kestrel: token checks, validation, and keys that work and stop working.</summary>
public sealed class AdminKeysApiTests : IAsyncLifetime
{
    private const string Token = "admin-token-0123456789abcdef";
    private readonly string _folder = Directory.CreateTempSubdirectory("streamswarm-admin-tests-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication? _app;

    private string KeysFilePath => Path.Combine(_folder, "keys.json");

    public async Task InitializeAsync()
    {
        Uri baseUri;
        (_app, baseUri) = await StreamSwarmServer.StartAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--StreamSwarm:KeysFile={KeysFilePath}",
            $"--StreamSwarm:AdminToken={Token}",
            "--StreamSwarm:Keys:0:Stream=configured", "--StreamSwarm:Keys:0:Key=configured-key-0123456789",
            "--Logging:LogLevel:Default=Warning",
        ]);
        _http.BaseAddress = baseUri;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789abcdef")]
    [InlineData(Token + "x")]
    public async Task MissingOrWrongToken_Is401_WithBearerChallenge(string? token)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/admin/keys"), (HttpMethod.Post, "/api/admin/keys"), (HttpMethod.Delete, "/api/admin/keys/demo") })
        {
            using var response = await SendAsync(method, path, token, method == HttpMethod.Post ? JsonContent.Create(new { stream = "demo" }) : null);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains(token is null ? "Missing admin token" : "Wrong admin token", await DetailAsync(response), StringComparison.Ordinal);
        }

        Assert.False(File.Exists(KeysFilePath));
    }

    [Theory]
    [InlineData("{\"stream\":\"Bad Name\"}", "Stream name 'Bad Name' is invalid")]
    [InlineData("{\"stream\":\"\"}", "Stream name '' is invalid")]
    [InlineData("{}", "Missing \"stream\"")]
    [InlineData("not json", "The body is not JSON")]
    [InlineData("{\"stream\":12}", "The body is not JSON")]
    public async Task BadCreateRequest_Is400_SayingWhatToSend(string body, string expected)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/admin/keys", Token, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeCreateRequest_Is413()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/admin/keys", Token, new StringContent(new string(' ', 10_000) + "{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task RevokeBadName_Is400_RevokeUnknown_Is404_RevokeConfigured_SaysWhereItLives()
    {
        using var bad = await SendAsync(HttpMethod.Delete, "/api/admin/keys/Bad.Name", Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var unknown = await SendAsync(HttpMethod.Delete, "/api/admin/keys/nobody", Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Stream 'nobody' has no key: nothing to revoke (GET /api/admin/keys lists the keys).", await DetailAsync(unknown));

        using var configured = await SendAsync(HttpMethod.Delete, "/api/admin/keys/configured", Token);
        Assert.Equal(HttpStatusCode.NotFound, configured.StatusCode);
        Assert.Contains("comes from the server's configuration", await DetailAsync(configured), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatedKey_Ingests_IsListedWithoutTheKey_RevokedKey_IsRefused()
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/admin/keys", Token, JsonContent.Create(new { stream = "studio-1" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key").GetString()!;
        Assert.StartsWith("ssk_", key, StringComparison.Ordinal);
        Assert.Equal("studio-1", body.GetProperty("stream").GetString());
        Assert.False(body.GetProperty("replaced").GetBoolean());
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(KeysFilePath), StringComparison.Ordinal);

        using (var session = await StartSessionAsync("studio-1", key))
        {
            Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        }

        using var list = await SendAsync(HttpMethod.Get, "/api/admin/keys", Token);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listed = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256", listed, StringComparison.OrdinalIgnoreCase);
        var entries = JsonSerializer.Deserialize<JsonElement>(listed).EnumerateArray().ToList();
        Assert.Equal(["configured", "studio-1"], entries.Select(e => e.GetProperty("stream").GetString()));
        Assert.Equal("config", entries[0].GetProperty("source").GetString());
        Assert.Equal("file", entries[1].GetProperty("source").GetString());
        Assert.True(entries[1].GetProperty("created").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));

        using var revoked = await SendAsync(HttpMethod.Delete, "/api/admin/keys/studio-1", Token);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        // At once, not after the file watcher: the next request with the key is refused.
        using var refused = await StartSessionAsync("studio-1", key);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var again = await SendAsync(HttpMethod.Delete, "/api/admin/keys/studio-1", Token);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task CreatingAgain_ReplacesTheOldKey()
    {
        var first = await CreateKeyAsync("studio-2");
        using var second = await SendAsync(HttpMethod.Post, "/api/admin/keys", Token, JsonContent.Create(new { stream = "studio-2" }));
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(body.GetProperty("replaced").GetBoolean());
        using var old = await StartSessionAsync("studio-2", first);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var current = await StartSessionAsync("studio-2", body.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
    }

    [Fact]
    public async Task NoTokenConfigured_AdminApiIsOff_403SaysHowToTurnItOn()
    {
        var folder = Directory.CreateTempSubdirectory("streamswarm-admin-off-").FullName;
        var (app, baseUri) = await StreamSwarmServer.StartAsync(
            ["--urls", "http://127.0.0.1:0", $"--StreamSwarm:KeysFile={Path.Combine(folder, "keys.json")}", "--Logging:LogLevel:Default=Warning"]);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "api/admin/keys"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var response = await _http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.StartsWith("The admin API is off on this server: set StreamSwarm:AdminToken", await DetailAsync(response), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ShortAdminToken_StopsTheServerFromStarting()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StreamSwarmServer.StartAsync(
            ["--urls", "http://127.0.0.1:0", $"--StreamSwarm:KeysFile={KeysFilePath}", "--StreamSwarm:AdminToken=short"]));

        Assert.Contains("StreamSwarm:AdminToken must be at least 16", ex.Message, StringComparison.Ordinal);
    }

    private async Task<string> CreateKeyAsync(string stream)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/admin/keys", Token, JsonContent.Create(new { stream }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private Task<HttpResponseMessage> StartSessionAsync(string stream, string key) =>
        SendAsync(HttpMethod.Post, $"/api/ingest/{stream}/sessions", key, JsonContent.Create(new
        {
            renditions = new[] { new { name = "main", bandwidth = 800_000, width = 320, height = 180, frameRate = 30 } },
            targetSegmentSeconds = 2.0,
            partTargetSeconds = 0.5,
        }));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
}
