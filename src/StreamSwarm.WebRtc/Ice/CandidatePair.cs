using System.Net;
using System.Net.Sockets;
using StreamSwarm.WebRtc.Ice.Turn;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>A local candidate with the means to send from it: its host socket, or its TURN allocation.</summary>
internal sealed class LocalCandidate
{
    public LocalCandidate(IceCandidate candidate, IceSocket socket, TurnClient? relay, int localPreference)
    {
        Candidate = candidate;
        Socket = socket;
        Relay = relay;
        LocalPreference = localPreference;
    }

    public IceCandidate Candidate { get; }

    public IceSocket Socket { get; }

    public TurnClient? Relay { get; }

    public int LocalPreference { get; }

    public AddressFamily AddressFamily => Relay?.RelayedEndPoint.AddressFamily ?? Socket.AddressFamily;

    /// <summary>Whether this candidate forms pairs: server-reflexive ones are pruned to their host base (RFC 8445 §6.1.2.4).</summary>
    public bool IsPairable => Candidate.Type != IceCandidateType.ServerReflexive;

    /// <summary>PRIORITY sent in checks: peer-reflexive type preference with this candidate's local preference (RFC 8445 §7.1.1).</summary>
    public uint PeerReflexivePriority =>
        IceCandidate.ComputePriority(IceCandidate.PeerReflexiveTypePreference, LocalPreference, 1);

    public void Send(ReadOnlySpan<byte> datagram, RemoteCandidate to)
    {
        if (Relay is not null)
        {
            Relay.Send(to.EndPoint, datagram);
        }
        else
        {
            Socket.Send(datagram, to.Address);
        }
    }

    /// <summary>Sends to an address that need not be a known remote candidate (error responses).</summary>
    public void SendTo(ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        if (Relay is not null)
        {
            Relay.Send(to, datagram);
        }
        else
        {
            Socket.Send(datagram, to.Serialize());
        }
    }

    public override string ToString() => $"{Candidate.Type} {Candidate.Address}:{Candidate.Port}";
}

/// <summary>A remote candidate with a resolved end point.</summary>
internal sealed class RemoteCandidate
{
    public RemoteCandidate(IceCandidate candidate, IPEndPoint endPoint)
    {
        Candidate = candidate;
        EndPoint = endPoint;
        Address = endPoint.Serialize();
    }

    public IceCandidate Candidate { get; set; }

    public IPEndPoint EndPoint { get; }

    public SocketAddress Address { get; }

    public override string ToString() => $"{Candidate.Type} {EndPoint}";
}

/// <summary>Candidate pair states (RFC 8445 §6.1.2.6).</summary>
internal enum CandidatePairState
{
    Unknown = 0,
    Frozen,
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>One entry of the checklist (RFC 8445 §6.1.2).</summary>
internal sealed class CandidatePair
{
    public CandidatePair(LocalCandidate local, RemoteCandidate remote)
    {
        Local = local;
        Remote = remote;
    }

    public LocalCandidate Local { get; }

    public RemoteCandidate Remote { get; }

    public CandidatePairState State { get; set; } = CandidatePairState.Frozen;

    public ulong Priority { get; private set; }

    public string Foundation => Local.Candidate.Foundation + ":" + Remote.Candidate.Foundation;

    /// <summary>Controlling: our USE-CANDIDATE check succeeded. Controlled: the peer's USE-CANDIDATE was received.</summary>
    public bool Nominated { get; set; }

    /// <summary>An authenticated check arrived on this pair: the peer can reach us here (datagrams from it are accepted).</summary>
    public bool RequestReceived { get; set; }

    public long LastRequestReceivedMs { get; set; } = long.MinValue;

    public long LastResponseReceivedMs { get; set; } = long.MinValue;

    /// <summary>Whether datagrams for the layer above may come from and go to this pair.</summary>
    public bool CarriesData => State == CandidatePairState.Succeeded || RequestReceived || Nominated;

    /// <summary>Pair priority (RFC 8445 §6.1.2.3): 2^32·MIN(G,D) + 2·MAX(G,D) + (G&gt;D ? 1 : 0).</summary>
    public void ComputePriority(IceRole role)
    {
        ulong local = Local.Candidate.Priority;
        ulong remote = Remote.Candidate.Priority;
        ulong g = role == IceRole.Controlling ? local : remote;
        ulong d = role == IceRole.Controlling ? remote : local;
        Priority = (Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1ul : 0ul);
    }

    public override string ToString() => $"{Local} -> {Remote} [{State}{(Nominated ? ", nominated" : string.Empty)}]";
}
