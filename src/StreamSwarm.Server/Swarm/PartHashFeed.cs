using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamSwarm.Server.Swarm.Contracts;

namespace StreamSwarm.Server.Swarm;

/// <summary>
/// The authoritative hashes learned at ingest: pushed to a stream's swarm as they arrive, and the
/// most recent ones kept so that a joiner can verify what peers send from its first request. Each
/// part goes out with the peers assigned to fetch it from the origin (<see cref="SwarmRegistry.ChooseFetchers"/>).
/// </summary>
public sealed class PartHashFeed(IHubContext<SwarmHub> hub, SwarmRegistry registry, IOptions<SwarmOptions> options)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<PartHash>> _recent = new(StringComparer.Ordinal);
    private readonly int _kept = options.Value.HashesKept;

    /// <summary>
    /// Records and pushes the hashes of one ingest upload (a part, and the segment it closed if any),
    /// each part with its origin fetchers.
    /// </summary>
    public Task PublishAsync(string stream, IReadOnlyList<PartHash> published, CancellationToken cancellationToken)
    {
        var hashes = new PartHash[published.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            var h = published[i];
            var fetchers = h.Part == PartHash.WholeSegment ? null : registry.ChooseFetchers(stream, h.Rendition, h.Msn, h.Part);
            hashes[i] = fetchers is null ? h : h with { Fetchers = fetchers };
        }

        lock (_gate)
        {
            if (!_recent.TryGetValue(stream, out var queue))
            {
                _recent[stream] = queue = new Queue<PartHash>();
            }

            foreach (var h in hashes)
            {
                queue.Enqueue(h);
            }

            while (queue.Count > _kept)
            {
                queue.Dequeue();
            }
        }

        return hub.Clients.Group(SwarmHub.GroupOf(stream)).SendAsync("PartHashes", hashes, cancellationToken);
    }

    /// <summary>Forgets a stream's hashes when a new broadcast session starts (sequence numbers may repeat).</summary>
    public void Reset(string stream)
    {
        lock (_gate)
        {
            _recent.Remove(stream);
        }
    }

    public IReadOnlyList<PartHash> Recent(string stream)
    {
        lock (_gate)
        {
            return _recent.TryGetValue(stream, out var queue) ? [.. queue] : [];
        }
    }
}
