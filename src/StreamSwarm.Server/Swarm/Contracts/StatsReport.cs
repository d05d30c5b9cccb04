namespace StreamSwarm.Server.Swarm.Contracts;

/// <summary>
/// A viewer's cumulative figures since it joined, and the rendition it plays (docs/signalling.md,
/// "Stats"). <see cref="Rendition"/> is null for clients that do not send it.
/// </summary>
public sealed record StatsReport(
    double BytesFromPeers,
    double BytesFromOrigin,
    double BytesToPeers,
    double PartsOnTime,
    double PartsLate,
    double Stalls,
    double StallSeconds,
    double LatencySeconds,
    double Peers,
    string? Rendition = null)
{
    /// <summary>Longest rendition name a report may carry.</summary>
    public const int MaxRenditionLength = 32;

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

    /// <summary>True when <see cref="Rendition"/> is absent or 1-32 characters of a-z, A-Z, 0-9, '_' or '-'.</summary>
    public bool HasValidRendition()
    {
        if (Rendition is null)
        {
            return true;
        }

        if (Rendition.Length is 0 or > MaxRenditionLength)
        {
            return false;
        }

        foreach (var c in Rendition)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
