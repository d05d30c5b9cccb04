using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests.Embed;

/// <summary>
/// A two-rendition broadcast (360p and 240p from one ffmpeg) on a server whose viewers relay
/// through coturn on 127.0.0.1, and two third-party sites on other origins that embed it.
/// </summary>
public sealed class EmbedBroadcast : IAsyncLifetime
{
    public const string Stream = "embed";
    private Coturn? _turn;
    private LiveRig? _rig;
    private ThirdPartySites? _sites;

    public LiveRig Rig => _rig ?? throw new InvalidOperationException("not started");

    public ThirdPartySites Sites => _sites ?? throw new InvalidOperationException("not started");

    /// <summary>The server's base URL without the trailing slash, as a page author writes it.</summary>
    public string Server => Rig.BaseUri.ToString().TrimEnd('/');

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        _turn = await Coturn.StartAsync("e2e-embed-coturn.log");
        // The ladder broadcaster opens its session before ffmpeg's first output; on a loaded machine
        // that takes longer than the default 10 s idle timeout, which would end the session at once.
        _rig = await LiveRig.StartServerAsync(Stream, "e2e-embed", serverArguments: [.. _turn.ServerArguments, "--StreamSwarm:Ingest:SessionIdleTimeoutSeconds=60"]);
        await _rig.StartBroadcastAsync("e2e-embed", ["--ladder", "360p,240p", "--fps", "30", "--encoder", "libx264"]);
        await _rig.WaitForSegmentsAsync(Http, minSegments: 2, TimeSpan.FromSeconds(90));
        _sites = await ThirdPartySites.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_sites is not null)
        {
            await _sites.DisposeAsync();
        }

        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        if (_turn is not null)
        {
            await _turn.DisposeAsync();
        }

        Http.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbedBroadcastCollection : ICollectionFixture<EmbedBroadcast>
{
    public const string Name = "embed broadcast";
}
