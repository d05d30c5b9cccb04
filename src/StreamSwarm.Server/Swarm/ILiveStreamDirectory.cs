namespace StreamSwarm.Server.Swarm;

/// <summary>What the swarm needs to know of the origin: whether a stream is live, and its renditions in master-playlist order.</summary>
public interface ILiveStreamDirectory
{
    /// <summary>False when the stream is unknown or not live.</summary>
    bool TryGetLiveRenditions(string stream, out IReadOnlyList<string> renditions);
}
