using StreamSwarm.Server.Swarm;

namespace StreamSwarm.Server.Window;

/// <summary>The swarm's view of the window store: a stream is live while its session has not ended.</summary>
public sealed class LiveStreamDirectory(WindowStore store) : ILiveStreamDirectory
{
    public bool TryGetLiveRenditions(string stream, out IReadOnlyList<string> renditions)
    {
        renditions = [];
        if (store.Find(stream) is not { Ended: false } window)
        {
            return false;
        }

        var names = new List<string>(window.Renditions.Count);
        foreach (var r in window.Renditions)
        {
            names.Add(r.Spec.Name);
        }

        renditions = names;
        return true;
    }
}
