using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamSwarm.Server.Hosting;
using StreamSwarm.Server.Keys;

namespace StreamSwarm.Server.Tests;

public sealed class ServerHostingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ss-root-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Args(params string[] extra) =>
        ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. extra];

    [Fact]
    public async Task StartAsync_OnPortZero_ReportsBoundAddress_AndServesHealthz()
    {
        var (app, baseUri) = await StreamSwarmServer.StartAsync(Args(), contentRoot: _root);
        await using var _ = app;
        Assert.Equal("127.0.0.1", baseUri.Host);
        Assert.NotEqual(0, baseUri.Port);

        using var http = new HttpClient { BaseAddress = baseUri };
        using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BadOptions_FailAtStart()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StreamSwarmServer.StartAsync(Args("--StreamSwarm:Ingest:MaxPartBytes=12"), contentRoot: _root));
        await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StreamSwarmServer.StartAsync(Args("--StreamSwarm:Keys:0:Stream=demo"), contentRoot: _root));
    }

    [Fact]
    public async Task KeyStore_AcceptsConfiguredKeys_PerStream()
    {
        var hash = StreamKey.HashHex("hashed-secret");
        var (app, _) = await StreamSwarmServer.StartAsync(Args(
            "--StreamSwarm:Keys:0:Stream=demo", "--StreamSwarm:Keys:0:Key=plain-secret",
            "--StreamSwarm:Keys:1:Stream=other", $"--StreamSwarm:Keys:1:Sha256={hash}"), contentRoot: _root);
        await using var __ = app;
        var keys = app.Services.GetRequiredService<StreamKeyStore>();

        Assert.True(keys.IsAuthorized("demo", "plain-secret"));
        Assert.True(keys.IsAuthorized("other", "hashed-secret"));
        Assert.False(keys.IsAuthorized("other", "plain-secret"));
        Assert.False(keys.IsAuthorized("demo", "wrong"));
        Assert.False(keys.IsAuthorized("demo", null));
    }

    [Fact]
    public async Task KeyStore_PicksUpKeysFileChanges()
    {
        var (app, _) = await StreamSwarmServer.StartAsync(Args(), contentRoot: _root);
        await using var __ = app;
        var keys = app.Services.GetRequiredService<StreamKeyStore>();

        using var output = new StringWriter();
        Assert.Equal(0, KeysCommand.Run(["create", "--stream", "show"], output, TextWriter.Null, _root));
        var key = output.ToString().Trim();
        Assert.Equal(Path.Combine(_root, "streamswarm-keys.json"), keys.FilePath);
        Assert.True(keys.IsAuthorized("show", key));

        Assert.Equal(0, KeysCommand.Run(["revoke", "--stream", "show"], TextWriter.Null, TextWriter.Null, _root));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (keys.IsAuthorized("show", key) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(keys.IsAuthorized("show", key));
    }
}
