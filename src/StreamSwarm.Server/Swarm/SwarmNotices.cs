using Microsoft.AspNetCore.SignalR;

namespace StreamSwarm.Server.Swarm;

/// <summary>Tells a stream's swarm that the broadcast ended, so viewers stop asking peers for what will never come.</summary>
public sealed class SwarmNotices(IHubContext<SwarmHub> hub)
{
    public Task StreamEndedAsync(string stream, CancellationToken cancellationToken) =>
        hub.Clients.Group(SwarmHub.GroupOf(stream)).SendAsync("StreamEnded", stream, cancellationToken);
}
