using System.Net;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice;

/// <summary>Candidates and the checklist (RFC 8445 §6.1.2): forming, prioritising and clearing pairs.</summary>
public sealed partial class IceAgent
{
    private bool IsAdvertised(LocalCandidate local) =>
        _options.TransportPolicy != IceTransportPolicy.Relay || local.Relay is not null;

    private bool IsPairable(LocalCandidate local) => local.IsPairable && IsAdvertised(local);

    private RemoteCandidate? FindRemote(IPEndPoint endPoint)
    {
        foreach (var remote in _remotes)
        {
            if (remote.EndPoint.Equals(endPoint))
            {
                return remote;
            }
        }

        return null;
    }

    private void AddRemote(RemoteCandidate remote)
    {
        _remotes.Add(remote);
        foreach (var local in _locals)
        {
            AddPair(local, remote);
        }
    }

    private void AddLocal(LocalCandidate local)
    {
        _locals.Add(local);
        foreach (var remote in _remotes)
        {
            AddPair(local, remote);
        }

        if (IsAdvertised(local))
        {
            var candidate = local.Candidate;
            Log.Gathered(_logger, candidate.ToString());
            _events.Add(() => CandidateGathered?.Invoke(candidate));
        }
    }

    private CandidatePair? AddPair(LocalCandidate local, RemoteCandidate remote)
    {
        if (!IsPairable(local) || local.AddressFamily != remote.EndPoint.AddressFamily)
        {
            return null;
        }

        foreach (var existing in _pairs)
        {
            if (existing.Local == local && existing.Remote == remote)
            {
                return existing;
            }
        }

        var pair = new CandidatePair(local, remote);
        pair.ComputePriority(_role == IceRole.Unknown ? IceRole.Controlling : _role);
        // RFC 8445 §6.1.2.6: the first pair of each foundation starts Waiting, the others Frozen.
        bool foundationSeen = false;
        foreach (var other in _pairs)
        {
            foundationSeen |= other.Foundation == pair.Foundation;
        }

        pair.State = foundationSeen ? CandidatePairState.Frozen : CandidatePairState.Waiting;
        _pairs.Add(pair);
        local.Relay?.EnsurePermission(remote.EndPoint);
        return pair;
    }

    private void RecomputePriorities()
    {
        var role = _role == IceRole.Unknown ? IceRole.Controlling : _role;
        foreach (var pair in _pairs)
        {
            pair.ComputePriority(role);
        }
    }

    private void ClearChecklist()
    {
        _pairs.Clear();
        _remotes.Clear();
        _triggered.Clear();
        var stale = new List<StunTransactionId>();
        foreach (var (id, t) in _transactions)
        {
            if (t.Kind == TransactionKind.Check)
            {
                stale.Add(id);
            }
        }

        foreach (var id in stale)
        {
            _transactions.Remove(id);
        }

        _nominating = false;
        _firstValidMs = -1;
        _remoteEndOfCandidates = false;
    }
}
