namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>A viewer's cumulative figures since it joined (docs/signalling.md, "Stats").</summary>
public sealed record StatsReport(
    double BytesFromPeers,
    double BytesFromOrigin,
    double BytesToPeers,
    double PartsOnTime,
    double PartsLate,
    double Stalls,
    double StallSeconds,
    double LatencySeconds,
    double Peers)
{
    /// <summary>True when every figure is a finite, non-negative number.</summary>
    public bool IsValid()
    {
        ReadOnlySpan<double> all = [BytesFromPeers, BytesFromOrigin, BytesToPeers, PartsOnTime, PartsLate, Stalls, StallSeconds, LatencySeconds, Peers];
        foreach (var v in all)
        {
            if (!double.IsFinite(v) || v < 0)
            {
                return false;
            }
        }

        return true;
    }
}
