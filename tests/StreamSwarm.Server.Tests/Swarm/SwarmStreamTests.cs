using Microsoft.AspNetCore.SignalR.Client;
using StreamSwarm.Server.Tests.Support;

namespace StreamSwarm.Server.Tests.Swarm;

/// <summary>
/// Hub tests against the live test server's stream <c>swarm</c>: a broadcast session with its init
/// segment and first part ingested before each test, ended after it, with the hub connections the
/// test opened disposed.
/// </summary>
public abstract class SwarmStreamTests(LiveServer server) : IAsyncLifetime
{
    protected const string Stream = "swarm";

    protected LiveServer Server { get; } = server;

    /// <summary>The broadcast session of this test.</summary>
    protected string Session { get; private set; } = string.Empty;

    /// <summary>Hub connections to dispose after the test.</summary>
    protected List<HubConnection> Connections { get; } = [];

    public async Task InitializeAsync()
    {
        var clip = await CmafClip.GetAsync();
        Session = await Server.StartSessionAsync(Stream);
        await Server.PutInitAsync(Stream, Session, clip.Init);
        await Server.PutPartAsync(Stream, Session, clip.Parts[0]);
    }

    public async Task DisposeAsync()
    {
        foreach (var c in Connections)
        {
            await c.DisposeAsync();
        }

        await Server.SendAsync(HttpMethod.Delete, $"/api/ingest/{Stream}/sessions/{Session}", LiveServer.Key);
    }
}
