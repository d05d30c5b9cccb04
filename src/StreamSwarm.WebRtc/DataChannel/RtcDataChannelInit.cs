namespace StreamSwarm.WebRtc.DataChannel;

/// <summary>Options of <c>CreateDataChannel</c>, shaped like W3C <c>RTCDataChannelInit</c>.</summary>
public sealed record RtcDataChannelInit
{
    /// <summary>In-order delivery. Default true.</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Retransmission limit (partial reliability). Default null: reliable.</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Lifetime limit in ms (partial reliability). Default null: reliable.</summary>
    public int? MaxPacketLifeTimeMs { get; init; }

    /// <summary>Sub-protocol name sent in DCEP OPEN. Default empty.</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>Negotiated out of band: no DCEP, both sides create it with the same <see cref="Id"/>. Default false.</summary>
    public bool Negotiated { get; init; }

    /// <summary>Stream id; required when <see cref="Negotiated"/>, otherwise chosen by DTLS role parity. Default null.</summary>
    public ushort? Id { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> on an inconsistent combination (W3C §6.2 createDataChannel steps).</summary>
    public void Validate()
    {
        if (MaxRetransmits is not null && MaxPacketLifeTimeMs is not null)
        {
            throw new ArgumentException("MaxRetransmits and MaxPacketLifeTimeMs are mutually exclusive");
        }

        if (MaxRetransmits is < 0 || MaxPacketLifeTimeMs is < 0)
        {
            throw new ArgumentException("reliability limits must not be negative");
        }

        if (Negotiated && Id is null)
        {
            throw new ArgumentException("a negotiated channel needs an Id");
        }

        if (Id is 65535)
        {
            throw new ArgumentException("stream id 65535 is reserved");
        }
    }

    internal DataChannelType ChannelType => (MaxRetransmits, MaxPacketLifeTimeMs, Ordered) switch
    {
        (not null, _, true) => DataChannelType.PartialReliableRexmit,
        (not null, _, false) => DataChannelType.PartialReliableRexmitUnordered,
        (_, not null, true) => DataChannelType.PartialReliableTimed,
        (_, not null, false) => DataChannelType.PartialReliableTimedUnordered,
        (_, _, true) => DataChannelType.Reliable,
        _ => DataChannelType.ReliableUnordered,
    };

    internal uint Reliability => (uint)(MaxRetransmits ?? MaxPacketLifeTimeMs ?? 0);

    internal static RtcDataChannelInit FromOpen(in DcepOpenMessage open, ushort id)
    {
        var rexmit = open.ChannelType is DataChannelType.PartialReliableRexmit or DataChannelType.PartialReliableRexmitUnordered;
        var timed = open.ChannelType is DataChannelType.PartialReliableTimed or DataChannelType.PartialReliableTimedUnordered;
        var limit = (int)Math.Min(open.Reliability, int.MaxValue);
        return new RtcDataChannelInit
        {
            Ordered = !open.Unordered,
            MaxRetransmits = rexmit ? limit : null,
            MaxPacketLifeTimeMs = timed ? limit : null,
            Protocol = open.Protocol,
            Id = id,
        };
    }
}
