using StreamSwarm.WebRtc.Sctp.Chunks;

namespace StreamSwarm.WebRtc.Sctp;

/// <summary>
/// Which TSNs arrived above the cumulative TSN (RFC 9260 §6.2): a ring of flags over a window of
/// <see cref="Capacity"/> TSNs, enough for a 1 MiB window of ~1 KiB chunks many times over.
/// </summary>
internal sealed class ReceivedTsnTracker
{
    public const int Capacity = 16384;
    private const int MaxGapBlocks = 64;
    private readonly bool[] _received = new bool[Capacity];

    public ReceivedTsnTracker(uint peerInitialTsn)
    {
        CumulativeTsn = peerInitialTsn - 1;
        HighestTsn = CumulativeTsn;
    }

    public uint CumulativeTsn { get; private set; }

    public uint HighestTsn { get; private set; }

    public bool HasGaps => HighestTsn != CumulativeTsn;

    public bool IsDuplicate(uint tsn) => Tsn.Le(tsn, CumulativeTsn) || (InWindow(tsn) && _received[tsn % Capacity]);

    public bool InWindow(uint tsn) => Tsn.Gt(tsn, CumulativeTsn) && tsn - CumulativeTsn < Capacity;

    /// <summary>Records a new TSN (caller checked it is in the window and not a duplicate).</summary>
    public void Add(uint tsn)
    {
        _received[tsn % Capacity] = true;
        if (Tsn.Gt(tsn, HighestTsn))
        {
            HighestTsn = tsn;
        }

        Advance();
    }

    /// <summary>FORWARD-TSN (RFC 3758 §3.6): treat everything up to <paramref name="newCumulative"/> as received.</summary>
    public void ForwardTo(uint newCumulative)
    {
        if (!Tsn.Gt(newCumulative, CumulativeTsn))
        {
            return;
        }

        while (CumulativeTsn != newCumulative)
        {
            CumulativeTsn++;
            _received[CumulativeTsn % Capacity] = false;
        }

        if (Tsn.Lt(HighestTsn, CumulativeTsn))
        {
            HighestTsn = CumulativeTsn;
        }

        Advance();
    }

    public GapAckBlock[] GetGapBlocks()
    {
        if (!HasGaps)
        {
            return [];
        }

        var blocks = new List<GapAckBlock>();
        uint offset = 1;
        uint span = HighestTsn - CumulativeTsn;
        while (offset <= span && blocks.Count < MaxGapBlocks)
        {
            while (offset <= span && !_received[(CumulativeTsn + offset) % Capacity])
            {
                offset++;
            }

            uint start = offset;
            while (offset <= span && _received[(CumulativeTsn + offset) % Capacity])
            {
                offset++;
            }

            if (offset > start && start <= ushort.MaxValue)
            {
                blocks.Add(new GapAckBlock((ushort)start, (ushort)Math.Min(offset - 1, ushort.MaxValue)));
            }
        }

        return [.. blocks];
    }

    private void Advance()
    {
        while (CumulativeTsn != HighestTsn && _received[(CumulativeTsn + 1) % Capacity])
        {
            CumulativeTsn++;
            _received[CumulativeTsn % Capacity] = false;
        }
    }
}
