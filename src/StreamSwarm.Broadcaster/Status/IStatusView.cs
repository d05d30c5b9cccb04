namespace StreamSwarm.Broadcaster.Status;

/// <summary>Shows <see cref="BroadcastStats"/> while the broadcast runs.</summary>
public interface IStatusView
{
    /// <summary>Refreshes until cancelled, then shows the final state once and returns.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
