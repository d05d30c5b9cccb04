using System.Net;
using System.Net.Sockets;
using StreamSwarm.WebRtc.Ice.Turn;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice;

public sealed partial class IceAgent
{
    private const int MaxUnknownListed = 16;

    private static readonly IPEndPoint EndPointFactory = new(IPAddress.Any, 0);

    /// <summary>Attributes a Binding request may carry that we understand (RFC 8489 §6.3.1, 420 for the rest).</summary>
    private static readonly StunAttributeType[] KnownRequestAttributes =
    [
        StunAttributeType.Username, StunAttributeType.MessageIntegrity, StunAttributeType.MessageIntegritySha256,
        StunAttributeType.Priority, StunAttributeType.UseCandidate, StunAttributeType.Fingerprint,
        StunAttributeType.IceControlled, StunAttributeType.IceControlling, StunAttributeType.Software,
    ];

    /// <summary>
    /// Demultiplexes one datagram of a host socket (RFC 7983): the TURN server's traffic to its
    /// client, STUN (first byte 0–3) to the agent, everything else to the layer above.
    /// </summary>
    private void OnSocketDatagram(IceSocket socket, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        var host = socket.Host;
        if (host is null)
        {
            return;
        }

        foreach (var relay in socket.Relays)
        {
            if (relay.IsFromServer(from) && relay.HandlePacket(datagram))
            {
                return;
            }
        }

        if (datagram[0] < 4)
        {
            if (StunHeader.IsStun(datagram))
            {
                HandleStun(host, datagram, (IPEndPoint)EndPointFactory.Create(from));
            }

            return;
        }

        HandleData(host, datagram, from, null);
    }

    private void OnRelayDatagram(TurnClient relay, ReadOnlySpan<byte> datagram, IPEndPoint peer)
    {
        if (datagram.IsEmpty)
        {
            return;
        }

        LocalCandidate? local;
        lock (_lock)
        {
            _localByRelay.TryGetValue(relay, out local);
        }

        if (local is null)
        {
            return;
        }

        if (datagram[0] < 4)
        {
            if (StunHeader.IsStun(datagram))
            {
                HandleStun(local, datagram, peer);
            }

            return;
        }

        HandleData(local, datagram, null, peer);
    }

    /// <summary>
    /// Hands a datagram to the layer above when it comes from the selected pair or from any pair
    /// the peer has proven (a valid check either way): Chromium sends DTLS as soon as its own
    /// check succeeds, before we may consider ourselves connected.
    /// </summary>
    private void HandleData(LocalCandidate local, ReadOnlySpan<byte> datagram, SocketAddress? fromAddress, IPEndPoint? fromEndPoint)
    {
        var selected = _selected;
        if (selected is not null && selected.Local == local &&
            (fromAddress is not null ? selected.Remote.Address.Equals(fromAddress) : selected.Remote.EndPoint.Equals(fromEndPoint)))
        {
            _transport.Deliver(datagram);
            return;
        }

        var from = fromEndPoint ?? (IPEndPoint)EndPointFactory.Create(fromAddress!);
        bool accepted = false;
        lock (_lock)
        {
            if (_state is IceConnectionState.Failed or IceConnectionState.Closed)
            {
                return;
            }

            foreach (var pair in _pairs)
            {
                if (pair.Local == local && pair.CarriesData && pair.Remote.EndPoint.Equals(from))
                {
                    accepted = true;
                    break;
                }
            }
        }

        if (accepted)
        {
            _transport.Deliver(datagram);
        }
        else
        {
            Log.DataDropped(_logger, from, datagram.Length);
        }
    }

    private void HandleStun(LocalCandidate local, ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        if (!StunMessage.TryRead(datagram, out var message, out _))
        {
            Log.BadStun(_logger, from);
            return;
        }

        if (message!.HasFingerprint && !message.VerifyFingerprint())
        {
            Log.BadStun(_logger, from);
            return;
        }

        if (from.Address.IsIPv4MappedToIPv6)
        {
            from = new IPEndPoint(from.Address.MapToIPv4(), from.Port);
        }

        lock (_lock)
        {
            if (_state == IceConnectionState.Closed || message.Method != StunMethod.Binding)
            {
                return;
            }

            Log.StunReceived(_logger, message.Class.ToString(), message.TransactionId.ToString(), from);
            switch (message.Class)
            {
                case StunClass.Request:
                    HandleRequest(local, message, from);
                    break;
                case StunClass.SuccessResponse:
                case StunClass.ErrorResponse:
                    HandleResponse(message, from);
                    break;
                default:
                    // Binding indications are keepalives (RFC 8445 §11): nothing to do.
                    break;
            }
        }

        FlushEvents();
    }

    /// <summary>A connectivity check from the peer (RFC 8445 §7.3).</summary>
    private void HandleRequest(LocalCandidate local, StunMessage request, IPEndPoint from)
    {
        if (!request.TryGetString(StunAttributeType.Username, out var username) || !request.HasMessageIntegrity)
        {
            SendError(local, request, from, ErrorCodeAttribute.BadRequest, "Bad Request");
            return;
        }

        int colon = username.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !username.AsSpan(0, colon).SequenceEqual(_local.UsernameFragment) ||
            !request.VerifyMessageIntegrity(_localKey))
        {
            // A stale ufrag after a restart lands here too.
            SendError(local, request, from, ErrorCodeAttribute.Unauthenticated, "Unauthenticated");
            return;
        }

        var unknown = request.GetUnknownComprehensionRequired(KnownRequestAttributes);
        if (unknown.Count > 0)
        {
            // Bounded: the answer must fit its buffer whatever the request carried.
            unknown = unknown[..Math.Min(unknown.Count, MaxUnknownListed)];
            SendError(local, request, from, ErrorCodeAttribute.UnknownAttribute, "Unknown Attribute", unknown);
            return;
        }

        if (!request.TryGetUInt32(StunAttributeType.Priority, out uint priority))
        {
            SendError(local, request, from, ErrorCodeAttribute.BadRequest, "Missing PRIORITY");
            return;
        }

        if (!ResolveRoleConflict(local, request, from))
        {
            return;
        }

        var remote = FindRemote(from);
        if (remote is null)
        {
            // RFC 8445 §7.3.1.3: a peer-reflexive remote candidate, prioritised by PRIORITY.
            var candidate = new IceCandidate
            {
                Foundation = "prflx" + (++_peerReflexiveCount).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Priority = priority,
                Address = from.Address.ToString(),
                Port = from.Port,
                Type = IceCandidateType.PeerReflexive,
            };
            remote = new RemoteCandidate(candidate, from);
            Log.PeerReflexive(_logger, from);
            AddRemote(remote);
        }

        SendSuccess(local, request, remote);

        CandidatePair? pair = null;
        foreach (var p in _pairs)
        {
            if (p.Local == local && p.Remote == remote)
            {
                pair = p;
                break;
            }
        }

        if (pair is null)
        {
            return;
        }

        long now = NowMs;
        pair.RequestReceived = true;
        pair.LastRequestReceivedMs = now;
        if (request.Contains(StunAttributeType.UseCandidate) && _role == IceRole.Controlled)
        {
            // Honour USE-CANDIDATE even before our own check on the pair succeeded (webrtc-rs#647):
            // the request just proved the path, and Chromium sends DTLS right away.
            pair.Nominated = true;
            SelectIfBetter(pair, now);
        }

        // RFC 8445 §7.3.1.4 triggered check.
        if (_remote is not null && pair.State is CandidatePairState.Frozen or CandidatePairState.Waiting or CandidatePairState.Failed)
        {
            pair.State = CandidatePairState.Waiting;
            EnqueueTriggered(pair, useCandidate: false);
        }
    }

    /// <summary>RFC 8445 §7.3.1.1. Returns false when a 487 was sent and the request is done.</summary>
    private bool ResolveRoleConflict(LocalCandidate local, StunMessage request, IPEndPoint from)
    {
        if (_role == IceRole.Controlling && request.TryGetUInt64(StunAttributeType.IceControlling, out ulong theirs))
        {
            if (_tieBreaker >= theirs)
            {
                SendError(local, request, from, ErrorCodeAttribute.RoleConflict, "Role Conflict");
                return false;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (_role == IceRole.Controlled && request.TryGetUInt64(StunAttributeType.IceControlled, out theirs))
        {
            if (_tieBreaker >= theirs)
            {
                SwitchRole(IceRole.Controlling);
            }
            else
            {
                SendError(local, request, from, ErrorCodeAttribute.RoleConflict, "Role Conflict");
                return false;
            }
        }

        return true;
    }

    private void SwitchRole(IceRole role)
    {
        Log.RoleSwitched(_logger, _role, role);
        _role = role;
        _nominating = false;
        RecomputePriorities();
    }

    /// <summary>A response to one of our transactions (RFC 8445 §7.2.5).</summary>
    private void HandleResponse(StunMessage response, IPEndPoint from)
    {
        if (!_transactions.TryGetValue(response.TransactionId, out var t))
        {
            return;
        }

        long now = NowMs;
        if (t.Kind == TransactionKind.ServerReflexive)
        {
            _transactions.Remove(response.TransactionId);
            t.Gather!.TrySetResult(
                response.Class == StunClass.SuccessResponse &&
                (response.TryGetXorAddress(StunAttributeType.XorMappedAddress, out var mapped) || response.TryGetMappedAddress(out mapped))
                    ? mapped : null);
            return;
        }

        // Responses are keyed by the responder's password (RFC 8445 §7.2.5.1 / RFC 8489 §9.1.4),
        // the one in force when the request went out.
        var key = t.RemoteKey ?? _remoteKey;
        if (key is null || !response.VerifyMessageIntegrity(key))
        {
            Log.BadStun(_logger, from);
            return;
        }

        _transactions.Remove(response.TransactionId);
        var pair = t.Pair!;
        if (response.Class == StunClass.ErrorResponse)
        {
            HandleErrorResponse(t, pair, response);
            return;
        }

        if (!from.Equals(pair.Remote.EndPoint))
        {
            // RFC 8445 §7.2.5.2.1: non-symmetric transport addresses.
            if (t.Kind == TransactionKind.Check)
            {
                pair.State = CandidatePairState.Failed;
            }

            return;
        }

        pair.LastResponseReceivedMs = now;
        if (t.Kind == TransactionKind.Consent)
        {
            return;
        }

        // The checked pair is used as the valid pair: a mapped address differing from the base is
        // a peer-reflexive local candidate with the same base, so sends go out identically.
        pair.State = CandidatePairState.Succeeded;
        if (_firstValidMs < 0)
        {
            _firstValidMs = now;
        }

        foreach (var p in _pairs)
        {
            if (p.State == CandidatePairState.Frozen && p.Foundation == pair.Foundation)
            {
                p.State = CandidatePairState.Waiting;
            }
        }

        if (t.UseCandidate && _role == IceRole.Controlling)
        {
            _nominating = false;
            pair.Nominated = true;
            Select(pair, now);
        }
        else if (_role == IceRole.Controlled && pair.Nominated)
        {
            SelectIfBetter(pair, now);
        }
    }

    private void HandleErrorResponse(Transaction t, CandidatePair pair, StunMessage response)
    {
        response.TryGetErrorCode(out var error);
        if (t.UseCandidate)
        {
            _nominating = false;
        }

        if (t.Kind != TransactionKind.Check)
        {
            return;
        }

        if (error.Code == ErrorCodeAttribute.RoleConflict)
        {
            // RFC 8445 §7.2.5.1: switch role (unless already switched) and retry.
            if (t.Role == _role)
            {
                SwitchRole(_role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
            }

            pair.State = CandidatePairState.Waiting;
            EnqueueTriggered(pair, useCandidate: false);
            return;
        }

        Log.CheckError(_logger, pair.ToString(), error.Code, error.Reason);
        pair.State = CandidatePairState.Failed;
    }

    private void SendSuccess(LocalCandidate local, StunMessage request, RemoteCandidate remote)
    {
        Span<byte> buffer = stackalloc byte[128];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId);
        w.AddXorAddress(StunAttributeType.XorMappedAddress, remote.EndPoint);
        w.AddMessageIntegrity(_localKey);
        w.AddFingerprint();
        local.Send(w.Written, remote);
    }

    private void SendError(LocalCandidate local, StunMessage request, IPEndPoint to, int code, string reason, List<ushort>? unknown = null)
    {
        Span<byte> buffer = stackalloc byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId);
        w.AddErrorCode(code, reason);
        if (unknown is not null)
        {
            w.AddUnknownAttributes(unknown);
        }

        // 400 and 401 carry no MESSAGE-INTEGRITY (RFC 8489 §9.1.3): the request was not authenticated.
        if (code is not (ErrorCodeAttribute.BadRequest or ErrorCodeAttribute.Unauthenticated))
        {
            w.AddMessageIntegrity(_localKey);
        }

        w.AddFingerprint();
        local.SendTo(w.Written, to);
    }
}
