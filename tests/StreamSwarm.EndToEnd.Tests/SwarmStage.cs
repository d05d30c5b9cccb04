using StreamSwarm.Bench.Live;

namespace StreamSwarm.EndToEnd.Tests;

/// <summary>
/// One ~700 kbit/s broadcast, its server and a coturn relay on 127.0.0.1 (Chromium gathers no
/// loopback host candidate, so viewers relay through it), shared by the tests of one class.
/// </summary>
public sealed class SwarmStage : IAsyncLifetime
{
    public const string Stream = "churn";
    private Coturn? _turn;
    private LiveRig? _rig;

    public LiveRig Rig => _rig ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        _turn = await Coturn.StartAsync("e2e-churn-coturn.log");
        _rig = await LiveRig.StartServerAsync(Stream, "e2e-churn", serverArguments: _turn.ServerArguments);
        await _rig.StartBroadcastAsync("e2e-churn", ["--size", "640x360", "--fps", "30", "--bitrate", "700k"]);
        await _rig.WaitForSegmentsAsync(Http, 2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
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
