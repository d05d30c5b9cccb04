using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>One live test-pattern broadcast (real server and broadcaster processes) for a collection of tests.</summary>
public sealed class LiveBroadcast : IAsyncLifetime
{
    private LiveRig? _rig;

    public LiveRig Rig => _rig ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        _rig = await LiveRig.StartServerAsync("e2e", "e2e");
        await _rig.StartBroadcastAsync("e2e", ["--size", "1280x720", "--fps", "30"]);
        await _rig.WaitForSegmentsAsync(Http, minSegments: 2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (_rig is not null)
        {
            await _rig.DisposeAsync();
        }

        Http.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class LiveBroadcastCollection : ICollectionFixture<LiveBroadcast>
{
    public const string Name = "live broadcast";
}
