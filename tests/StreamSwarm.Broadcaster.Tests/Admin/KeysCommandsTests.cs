using Microsoft.AspNetCore.Builder;
using StreamSwarm.Broadcaster.Cli;
using StreamSwarm.Server.Hosting;

namespace StreamSwarm.Broadcaster.Tests.Admin;

/// <summary><c>streamswarm keys …</c> against the real server's admin API.</summary>
public sealed class KeysCommandsTests : IAsyncLifetime
{
    private const string Token = "admin-token-for-cli-tests-0123";
    private readonly string _folder = Directory.CreateTempSubdirectory("streamswarm-keys-cli-").FullName;
    private WebApplication? _app;
    private string _url = "http://127.0.0.1:9";

    public async Task InitializeAsync()
    {
        Uri baseUri;
        (_app, baseUri) = await StreamSwarmServer.StartAsync(
        [
            "--urls", "http://127.0.0.1:0", $"--StreamSwarm:KeysFile={Path.Combine(_folder, "keys.json")}",
            $"--StreamSwarm:AdminToken={Token}", "--Logging:LogLevel:Default=Warning",
        ]);
        _url = baseUri.AbsoluteUri.TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task CreateListRevoke_RoundTrip()
    {
        var created = await CliRun.RunAsync(["keys", "create", "--stream", "cli-demo", "--server", _url, "--admin-token", Token]);
        Assert.Equal(ExitCodes.Ok, created.ExitCode);
        var key = Assert.Single(created.OutputLines);
        Assert.StartsWith("ssk_", key, StringComparison.Ordinal);

        var listed = await CliRun.RunAsync(["keys", "list", "--server", _url, "--admin-token", Token]);
        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        var line = Assert.Single(listed.OutputLines);
        Assert.StartsWith("cli-demo\t20", line, StringComparison.Ordinal);
        Assert.EndsWith("\tfile", line, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed.Output, StringComparison.Ordinal);

        var revoked = await CliRun.RunAsync(["keys", "revoke", "--stream", "cli-demo", "--server", _url, "--admin-token", Token]);
        Assert.Equal(ExitCodes.Ok, revoked.ExitCode);
        Assert.Equal("revoked the key of stream 'cli-demo'", Assert.Single(revoked.OutputLines));

        var again = await CliRun.RunAsync(["keys", "revoke", "--stream", "cli-demo", "--server", _url, "--admin-token", Token]);
        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Equal("streamswarm: The server answered 404: Stream 'cli-demo' has no key: nothing to revoke (GET /api/admin/keys lists the keys).", again.SingleErrorLine());
    }

    [Fact]
    public async Task WrongToken_OneLineExitOne()
    {
        var result = await CliRun.RunAsync(["keys", "list", "--server", _url, "--admin-token", "not-the-admin-token-at-all"]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal("streamswarm: The server refused the admin token (401): pass the server's StreamSwarm:AdminToken with --admin-token or STREAMSWARM_ADMIN_TOKEN.", result.SingleErrorLine());
    }

    [Fact]
    public async Task UnreachableServer_OneLineExitOne()
    {
        var result = await CliRun.RunAsync(["keys", "list", "--server", "http://127.0.0.1:9", "--admin-token", Token]);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.StartsWith("streamswarm: Cannot reach the server at http://127.0.0.1:9 (", line, StringComparison.Ordinal);
        Assert.EndsWith("): start it or fix --server.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "keys", "create", "--server", "http://127.0.0.1:9", "--admin-token", Token }, "Missing --stream")]
    [InlineData(new[] { "keys", "create", "--stream", "Bad Name", "--server", "http://127.0.0.1:9", "--admin-token", Token }, "Stream name 'Bad Name' is invalid")]
    [InlineData(new[] { "keys", "list", "--admin-token", Token }, "Missing --server")]
    [InlineData(new[] { "keys", "list", "--server", "ftp://x", "--admin-token", Token }, "Bad server URL 'ftp://x'")]
    [InlineData(new[] { "keys", "list", "--server", "http://127.0.0.1:9", "--admin-token", "with space" }, "Missing or bad --admin-token")]
    [InlineData(new[] { "keys" }, "Missing subcommand")]
    public async Task BadArguments_OneLineExitTwo(string[] args, string expected)
    {
        var result = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("streamswarm: " + expected, result.SingleErrorLine(), StringComparison.Ordinal);
    }
}
