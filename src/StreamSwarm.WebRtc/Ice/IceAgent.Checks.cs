using System.Net;
using Microsoft.Extensions.Logging;
using StreamSwarm.WebRtc.Stun;

namespace StreamSwarm.WebRtc.Ice;

public sealed partial class IceAgent
{
    private enum TransactionKind
    {
        Unknown = 0,
        Check,
        Consent,
        ServerReflexive,
    }

    /// <summary>An outstanding STUN request with its retransmission state (RFC 8489 §6.2.1).</summary>
    private sealed class Transaction(TransactionKind kind, StunTransactionId id, byte[] bytes, int length, int rtoMs)
    {
        public TransactionKind Kind { get; } = kind;

        public StunTransactionId Id { get; } = id;

        public byte[] Bytes { get; } = bytes;

        public int Length { get; } = length;

        public int RtoMs { get; set; } = rtoMs;

        public int Transmissions { get; set; }

        public long NextMs { get; set; }

        public CandidatePair? Pair { get; init; }

        public bool UseCandidate { get; init; }

        public IceRole Role { get; init; }

        public byte[]? RemoteKey { get; init; }

        public LocalCandidate? Local { get; init; }

        public SocketAddress? Server { get; init; }

        public TaskCompletionSource<IPEndPoint?>? Gather { get; init; }
    }

    private void EnsureTimer()
    {
        if (_timerStarted)
        {
            return;
        }

        _timerStarted = true;
        _timerLoop = Task.Run(RunTimerAsync);
    }

    /// <summary>One loop ticking every Ta: retransmissions, paced checks, nomination, consent.</summary>
    private async Task RunTimerAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.CheckIntervalMs), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    if (_state == IceConnectionState.Closed)
                    {
                        return;
                    }

                    try
                    {
                        OnTick(NowMs);
                    }
#pragma warning disable CA1031 // The timer drives every check and consent; a bug must be logged, not end the loop.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        _logger.LogError(e, "ICE timer tick failed");
                    }
                }

                FlushEvents();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private long _lastTickMs;

    private void OnTick(long now)
    {
        if (_lastTickMs != 0 && now - _lastTickMs > 150)
        {
            Log.TickLate(_logger, now - _lastTickMs, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
        }

        _lastTickMs = now;
        ProcessRetransmissions(now);
        if (_started && _remote is not null && _state != IceConnectionState.Failed)
        {
            SendNextCheck(now);
            if (_role == IceRole.Controlling)
            {
                MaybeNominate(now);
            }

            DetectFailure(now);
        }

        if (_selected is not null && _state != IceConnectionState.Failed)
        {
            MaintainConsent(now);
        }

        UpdateCompleted();
    }

    private void ProcessRetransmissions(long now)
    {
        List<Transaction>? expired = null;
        foreach (var t in _transactions.Values)
        {
            if (now < t.NextMs)
            {
                continue;
            }

            if (t.Transmissions >= _options.CheckMaxTransmissions)
            {
                (expired ??= []).Add(t);
                continue;
            }

            Transmit(t, now);
        }

        if (expired is null)
        {
            return;
        }

        foreach (var t in expired)
        {
            _transactions.Remove(t.Id);
            switch (t.Kind)
            {
                case TransactionKind.Check:
                    if (t.UseCandidate)
                    {
                        _nominating = false;
                    }

                    if (t.Pair!.State == CandidatePairState.InProgress)
                    {
                        Log.CheckTimedOut(_logger, t.Pair.ToString());
                        t.Pair.State = CandidatePairState.Failed;
                    }

                    break;
                case TransactionKind.ServerReflexive:
                    t.Gather!.TrySetResult(null);
                    break;
                default:
                    // Consent: expiry is judged from the last response, not from one transaction (werift PR #649).
                    break;
            }
        }
    }

    private void Transmit(Transaction t, long now)
    {
        var bytes = t.Bytes.AsSpan(0, t.Length);
        if (t.Pair is not null)
        {
            t.Pair.Local.Send(bytes, t.Pair.Remote);
        }
        else
        {
            t.Local!.Socket.Send(bytes, t.Server!);
        }

        t.Transmissions++;
        t.NextMs = now + t.RtoMs;
        t.RtoMs = Math.Min(t.RtoMs * 2, _options.CheckMaxRtoMs);
    }

    private void EnqueueTriggered(CandidatePair pair, bool useCandidate)
    {
        for (int i = 0; i < _triggered.Count; i++)
        {
            if (_triggered[i].Pair == pair)
            {
                _triggered[i] = (pair, _triggered[i].UseCandidate || useCandidate);
                return;
            }
        }

        if (useCandidate)
        {
            _triggered.Insert(0, (pair, true));
        }
        else
        {
            _triggered.Add((pair, false));
        }
    }

    /// <summary>One check per Ta (RFC 8445 §6.1.4.2): triggered queue first, then the best Waiting, then the best Frozen pair.</summary>
    private void SendNextCheck(long now)
    {
        CandidatePair? next = null;
        bool useCandidate = false;
        while (_triggered.Count > 0 && next is null)
        {
            var (pair, use) = _triggered[0];
            _triggered.RemoveAt(0);
            if (_pairs.Contains(pair))
            {
                next = pair;
                useCandidate = use;
            }
        }

        next ??= Best(CandidatePairState.Waiting) ?? Best(CandidatePairState.Frozen);
        if (next is null)
        {
            return;
        }

        if (next.State != CandidatePairState.Succeeded)
        {
            next.State = CandidatePairState.InProgress;
        }

        var t = CreateCheck(next, TransactionKind.Check, useCandidate);
        Log.CheckSent(_logger, "connectivity", t.Id.ToString(), next.ToString(), useCandidate ? " USE-CANDIDATE" : string.Empty);
        _transactions[t.Id] = t;
        Transmit(t, now);
        if (_state == IceConnectionState.New)
        {
            SetState(IceConnectionState.Checking);
        }
    }

    private CandidatePair? Best(CandidatePairState state)
    {
        CandidatePair? best = null;
        foreach (var pair in _pairs)
        {
            if (pair.State == state && (best is null || pair.Priority > best.Priority))
            {
                best = pair;
            }
        }

        return best;
    }

    /// <summary>A Binding request for a pair (RFC 8445 §7.1.1, RFC 7675 for consent).</summary>
    private Transaction CreateCheck(CandidatePair pair, TransactionKind kind, bool useCandidate)
    {
        var id = StunTransactionId.NewRandom();
        // Header, USERNAME of up to 256 + 1 + 256 bytes, PRIORITY, ICE-CONTROLL*, USE-CANDIDATE, MI, FP.
        var buffer = new byte[StunHeader.Size + 4 + 516 + 8 + 12 + 4 + 24 + 8];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, id);
        w.AddString(StunAttributeType.Username, $"{_remote!.UsernameFragment}:{_local.UsernameFragment}");
        w.AddUInt32(StunAttributeType.Priority, pair.Local.PeerReflexivePriority);
        if (_role == IceRole.Controlling)
        {
            w.AddUInt64(StunAttributeType.IceControlling, _tieBreaker);
            if (useCandidate)
            {
                w.AddFlag(StunAttributeType.UseCandidate);
            }
        }
        else
        {
            w.AddUInt64(StunAttributeType.IceControlled, _tieBreaker);
        }

        w.AddMessageIntegrity(_remoteKey);
        w.AddFingerprint();
        return new Transaction(kind, id, buffer, w.Length, _options.CheckInitialRtoMs)
        {
            Pair = pair,
            UseCandidate = useCandidate,
            Role = _role,
            RemoteKey = _remoteKey,
        };
    }

    /// <summary>
    /// Controlling agent, regular nomination (RFC 8445 §8.1.1) done promptly: once a pair is
    /// valid, nominate the best valid pair as soon as no better pair is still being checked, or
    /// after <see cref="IceAgentOptions.NominationDelayMs"/> at most.
    /// </summary>
    private void MaybeNominate(long now)
    {
        if (_nominating || (_selected is not null && _pairs.Contains(_selected)))
        {
            return;
        }

        var best = Best(CandidatePairState.Succeeded);
        if (best is null)
        {
            return;
        }

        bool betterPending = false;
        foreach (var pair in _pairs)
        {
            betterPending |= pair.Priority > best.Priority &&
                pair.State is CandidatePairState.Waiting or CandidatePairState.InProgress or CandidatePairState.Frozen;
        }

        if (betterPending && now - _firstValidMs < _options.NominationDelayMs)
        {
            return;
        }

        _nominating = true;
        Log.Nominating(_logger, best.ToString());
        EnqueueTriggered(best, useCandidate: true);
    }

    /// <summary>Failed when nothing is left to check and nothing valid: at once after end-of-candidates, else after the checking timeout.</summary>
    private void DetectFailure(long now)
    {
        if (_selected is not null || _state is not (IceConnectionState.Checking or IceConnectionState.New) || _triggered.Count > 0)
        {
            return;
        }

        foreach (var pair in _pairs)
        {
            if (pair.State is not CandidatePairState.Failed)
            {
                return;
            }
        }

        bool allFailed = _pairs.Count > 0 && _remoteEndOfCandidates && _gatheringState == IceGatheringState.Complete;
        if (allFailed || now - _checkingSinceMs >= _options.CheckingTimeoutMs)
        {
            Log.ChecksFailed(_logger, _pairs.Count);
            SetState(IceConnectionState.Failed);
        }
    }

    private void UpdateCompleted()
    {
        if (_state != IceConnectionState.Connected || !_remoteEndOfCandidates || _gatheringState != IceGatheringState.Complete)
        {
            return;
        }

        foreach (var pair in _pairs)
        {
            if (pair.State is CandidatePairState.Waiting or CandidatePairState.InProgress or CandidatePairState.Frozen)
            {
                return;
            }
        }

        SetState(IceConnectionState.Completed);
    }

    /// <summary>Sends a datagram of the layer above on the selected pair, or the best pair the peer has proven.</summary>
    internal void SendData(ReadOnlySpan<byte> datagram)
    {
        var pair = _selected;
        if (pair is null)
        {
            lock (_lock)
            {
                if (_state is IceConnectionState.Failed or IceConnectionState.Closed)
                {
                    return;
                }

                foreach (var p in _pairs)
                {
                    if (p.CarriesData && (pair is null || Better(p, pair)))
                    {
                        pair = p;
                    }
                }
            }

            if (pair is null)
            {
                return;
            }
        }

        pair.Local.Send(datagram, pair.Remote);

        static bool Better(CandidatePair a, CandidatePair b)
        {
            bool aValid = a.State == CandidatePairState.Succeeded;
            bool bValid = b.State == CandidatePairState.Succeeded;
            return aValid != bValid ? aValid : a.Priority > b.Priority;
        }
    }
}
